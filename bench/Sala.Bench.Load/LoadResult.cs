using System.Globalization;

namespace Sala.Bench.Load;

internal sealed record LoadResult(
    string Target, int Connections, int Depth, TimeSpan Elapsed, long Requests, LatencyHistogram Latencies, TimeSpan? ServerCpu = null,
    TimeSpan? LoadCpu = null)
{
    /// <summary>Several runs of one server and depth as one: their requests over their summed time, their latencies together.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> runs)
    {
        var latencies = new LatencyHistogram();
        foreach (var run in runs)
            latencies.Add(run.Latencies);
        return new LoadResult(
            runs[0].Target, runs[0].Connections, runs[0].Depth,
            TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)), runs.Sum(r => r.Requests), latencies,
            runs.All(r => r.ServerCpu is not null) ? TimeSpan.FromTicks(runs.Sum(r => r.ServerCpu!.Value.Ticks)) : null,
            runs.All(r => r.LoadCpu is not null) ? TimeSpan.FromTicks(runs.Sum(r => r.LoadCpu!.Value.Ticks)) : null);
    }

    public double OpsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>The server's CPU time per 1000 requests, in ms, when its process was known.</summary>
    public double? ServerCpuMsPer1000 => ServerCpu is { } cpu ? cpu.TotalMilliseconds * 1000 / Requests : null;

    /// <summary>This tool's own CPU time per 1000 requests, in ms: the load shares the cores with the server.</summary>
    public double? LoadCpuMsPer1000 => LoadCpu is { } cpu ? cpu.TotalMilliseconds * 1000 / Requests : null;

    public string P99 => Ms(Latencies.PercentileMs(0.99));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Target} GET, {Connections} connections, depth {Depth}: {OpsPerSecond:0} ops/s, " +
        $"p50 {Ms(Latencies.PercentileMs(0.50))} ms, p99 {P99} ms, p999 {Ms(Latencies.PercentileMs(0.999))} ms " +
        $"({Requests} requests in {Elapsed.TotalSeconds:0.0} s){Cpu()}");

    private string Cpu() =>
        (ServerCpuMsPer1000 is { } cpu ? string.Create(CultureInfo.InvariantCulture, $", server CPU {cpu:0.0} ms per 1000 requests") : "") +
        (LoadCpuMsPer1000 is { } load ? string.Create(CultureInfo.InvariantCulture, $", load CPU {load:0.0}") : "");

    private static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
