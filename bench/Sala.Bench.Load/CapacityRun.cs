using System.Diagnostics;
using System.Globalization;

namespace Sala.Bench.Load;

/// <summary>
/// Issue 7's capacity figure: one <c>sala server</c> holding N registered connections, its resident memory before
/// and after, and the GET latency of 50 active connections while it holds them.
/// </summary>
internal static class CapacityRun
{
    private const int ConnectConcurrency = 256;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var limit = OpenFileLimit();
        // The load and the server each keep one descriptor per connection, plus a few hundred of their own.
        if (limit < options.Hold + options.Connections + 300)
        {
            Console.Error.WriteLine($"--hold {options.Hold} needs more open files than this process may have ({limit}): " +
                                    $"raise it with `ulimit -n {options.Hold + options.Connections + 1000}` in the same shell, or hold fewer");
            return 2;
        }
        using var server = SalaServerProcess.Start("--idle-timeout", "1h");
        var held = await HeldRegistrations.HoldAsync(server, options.Hold, ConnectConcurrency, "capacity", async (i, source) =>
        {
            var connection = await LoadConnection.ConnectAsync(server.EndPoint, source, receiveBufferSize: 256);
            await connection.RequestOkAsync(LoadTarget.Registry.Register($"held{i}", i));
            return connection;
        });

        var active = new LoadConnection[options.Connections];
        for (var i = 0; i < active.Length; i++)
            active[i] = await LoadConnection.ConnectAsync(server.EndPoint);
        var gets = active.Select((_, i) => LoadTarget.Registry.Get($"held{i * (options.Hold / active.Length)}")).ToArray();
        await RunAsync(active, gets, options.Warmup);
        var (requests, latencies, elapsed) = await RunAsync(active, gets, options.Duration);
        Console.WriteLine(new LoadResult($"registry holding {options.Hold},", active.Length, 1, elapsed, requests, latencies));
        foreach (var connection in active.Concat(held))
            connection.Dispose();
        return 0;
    }

    private static async Task<(long Requests, LatencyHistogram Latencies, TimeSpan Elapsed)> RunAsync(
        LoadConnection[] connections, byte[][] gets, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var histograms = connections.Select(_ => new LatencyHistogram()).ToArray();
        var counts = await Task.WhenAll(connections.Select((c, i) => c.RunAsync(gets[i], 1, 1, deadline, histograms[i])));
        var all = new LatencyHistogram();
        foreach (var histogram in histograms)
            all.Add(histogram);
        return (counts.Sum(), all, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>This process's soft limit on open files, from /proc (no native call needed).</summary>
    private static long OpenFileLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
                return long.Parse(line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        }
        return long.MaxValue;
    }
}
