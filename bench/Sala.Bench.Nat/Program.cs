using System.CommandLine;
using System.Globalization;
using Sala.Bench.Nat;
using Sala.Cli.Parsing;

var callsPerPair = new Option<int>("--calls") { Description = "Calls per pair", DefaultValueFactory = _ => 5 }
    .ParsedBy(Numbers.From(1, what: "a count"));
var command = new RootCommand(
    "The NAT matrix: real calls per pair in the lab of tests/nat/lab.sh (run as root), then per pair the path taken and the median setup time.")
{
    callsPerPair,
};
command.SetAction(result => RunAsync(result.GetValue(callsPerPair)));
return await command.Parse(args).InvokeOrReportAsync("Sala.Bench.Nat", Console.Error);

// N real calls per pair in the lab of tests/nat/lab.sh, one after another, each pair's routers set
// (and conntrack flushed) before every call. Prints each call, then per pair the path taken and the median setup time
// both clients printed ("call path: PATH, set up in N ms").
async Task<int> RunAsync(int calls)
{
    var recordings = Directory.CreateTempSubdirectory("sala-bench-nat-");
    var figures = NatPair.Matrix.Select(pair => new PairFigures(pair)).ToList();
    try
    {
        Console.WriteLine("bringing the NAT lab up (tests/nat/lab.sh), coturn and the registries...");
        await using var lab = await NatLab.StartAsync();
        var serial = 0;
        foreach (var pair in figures)
        {
            LabRegistry registry;
            try
            {
                registry = pair.Pair.WithRelay ? lab.RelayRegistry : lab.PlainRegistry;
            }
            catch (InvalidOperationException e)
            {
                pair.Problem = e.Message.Length <= 160 ? e.Message : e.Message[..160] + "...";
                Console.WriteLine($"{pair.Pair.Name}: {pair.Problem}");
                continue;
            }

            for (var call = 1; call <= calls; call++)
            {
                serial++;
                await lab.SetNatAsync(pair.Pair.RouterA, pair.Pair.RouterB);
                try
                {
                    var result = await NatCall.RunAsync(registry, pair.Pair.Caller, $"caller{serial}", pair.Pair.Callee, $"callee{serial}", recordings.FullName);
                    pair.Add(result);
                    Console.WriteLine($"{pair.Pair.Name} #{call}: exit {result.CallerExitCode}/{result.CalleeExitCode?.ToString(CultureInfo.InvariantCulture) ?? "killed"}, " +
                        $"caller {Describe(result.CallerPath)}, callee {Describe(result.CalleePath)}");
                }
                catch (TimeoutException e)
                {
                    pair.Add(new NatCallResult(-1, [], "", null, [], "", e.Message));
                    Console.WriteLine($"{pair.Pair.Name} #{call}: {e.Message.Split(';')[0]}");
                }
            }
        }
    }
    finally
    {
        recordings.Delete(recursive: true);
    }

    Console.WriteLine();
    Console.WriteLine($"{"pair",-26} {"connected",-10} {"median setup",-13} path");
    foreach (var pair in figures)
    {
        var connected = pair.Problem is null ? $"{pair.Connected}/{pair.Calls}" : "-";
        Console.WriteLine($"{pair.Pair.Name,-26} {connected,-10} {pair.MedianSetup,-13} {pair.Problem ?? pair.Paths}");
    }

    return figures.All(f => f.Problem is null && f.Connected == f.Calls) ? 0 : 1;

    static string Describe(CallPathLine? path) => path is null ? "no call path" : $"{path.Path} in {path.SetupMilliseconds} ms";
}
