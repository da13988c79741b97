using BenchmarkDotNet.Running;
using Sala.Benchmarks.Calls;

namespace Sala.Benchmarks;

/// <summary>
/// <c>latency</c>, <c>call-cost</c> and <c>dtx</c> run whole calls on loopback; anything else goes to BenchmarkDotNet's switcher
/// (for example <c>--filter '*'</c>).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case LatencyBench.Command:
                return await LatencyBench.RunAsync(args[1..], Console.Out);
            case CallCostBench.Command:
                return await CallCostBench.RunAsync(args[1..], Console.Out);
            case DtxBench.Command:
                return await DtxBench.RunAsync(args[1..], Console.Out);
            case CallCostBench.PeerCommand:
                return await CallCostPeer.RunAsync(args[1..], Console.Out);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
