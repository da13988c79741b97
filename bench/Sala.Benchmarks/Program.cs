using System.CommandLine;
using BenchmarkDotNet.Running;
using Sala.Benchmarks.Calls;
using Sala.Cli.Parsing;

namespace Sala.Benchmarks;

/// <summary>
/// <c>latency</c>, <c>call-cost</c> and <c>dtx</c> run whole calls on loopback, their options read as <c>sala</c>
/// reads its own; anything else goes to BenchmarkDotNet's switcher (for example <c>--filter '*'</c>), which has
/// its own command line.
/// </summary>
internal static class Program
{
    private static readonly string[] WholeCallCommands = [LatencyBench.Command, CallCostBench.Command, DtxBench.Command, CallCostBench.PeerCommand];

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !WholeCallCommands.Contains(args[0]))
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }

        var command = new RootCommand("Sala's media benchmarks: whole calls on loopback (these commands), or BenchmarkDotNet suites (any other arguments).")
        {
            WholeCall(LatencyBench.Command, "The delay Sala adds from capture to playback: clean (20 and 10 ms packets), jittered and lossy calls.", 30,
                seconds => LatencyBench.RunAsync(seconds, Console.Out)),
            WholeCall(CallCostBench.Command, "CPU and bandwidth of a two-way call between two processes.", 60,
                seconds => CallCostBench.RunAsync(seconds, Console.Out)),
            WholeCall(DtxBench.Command, "What DTX saves on the wire, with speech that pauses and with steady sound.", 30,
                seconds => DtxBench.RunAsync(seconds, Console.Out)),
            CallCostPeer.Command(),
        };
        return await command.Parse(args).InvokeOrReportAsync("Sala.Benchmarks", Console.Error);
    }

    private static Command WholeCall(string name, string description, int defaultSeconds, Func<int, Task<int>> run)
    {
        var seconds = new Option<int>("--seconds") { Description = "How long each call lasts, in seconds", DefaultValueFactory = _ => defaultSeconds }
            .ParsedBy(Numbers.From(1));
        var command = new Command(name, description) { seconds };
        command.SetAction(result => run(result.GetValue(seconds)));
        return command;
    }
}
