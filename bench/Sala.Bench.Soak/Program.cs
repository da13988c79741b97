using Sala.Bench.Soak;

// Usage: dotnet run -c Release --project bench/Sala.Bench.Soak -- registry [--cycles 10000] [--connections 100]
//        dotnet run -c Release --project bench/Sala.Bench.Soak -- call [--minutes 10] [--impair loss=5%,jitter=30ms] [--codec opus] [--mic tone|speech]
//        dotnet run -c Release --project bench/Sala.Bench.Soak -- drift [--minutes 10] [--ppm 100]
var mode = args.FirstOrDefault();
string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
var invariant = System.Globalization.CultureInfo.InvariantCulture;
return mode switch
{
    "registry" => await RegistrySoak.RunAsync(int.Parse(Option("--cycles", "10000"), invariant), int.Parse(Option("--connections", "100"), invariant)),
    "call" => await CallSoak.RunAsync(TimeSpan.FromMinutes(double.Parse(Option("--minutes", "10"), invariant)), Option("--impair", "loss=5%,jitter=30ms"), Option("--codec", "opus"), Option("--mic", "tone") == "speech"),
    "drift" => await DriftSoak.RunAsync(TimeSpan.FromMinutes(double.Parse(Option("--minutes", "10"), invariant)), double.Parse(Option("--ppm", "100"), invariant)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Sala.Bench.Soak registry [--cycles N] [--connections N] | call [--minutes M] [--impair SPEC] [--codec opus|pcm] [--mic tone|speech] | drift [--minutes M] [--ppm P]");
    return 2;
}
