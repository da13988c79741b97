using Sala.Fuzz;
using SharpFuzz;

// Usage: dotnet Sala.Fuzz.dll <target>            (under afl-fuzz, after fuzz/run.sh instrumented the libraries)
//        dotnet Sala.Fuzz.dll <target> FILE...     (replays inputs, e.g. a crash AFL++ saved, without AFL++)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: Sala.Fuzz <{string.Join('|', FuzzTargets.All.Keys)}> [FILE...]");
    return 2;
}
if (args.Length > 1)
{
    foreach (var file in args[1..])
    {
        target(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: ok");
    }
    return 0;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;
