using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Sala.Registry.Tests;

/// <summary>
/// Issue 5 item 2: connections flooding the server with pipelined requests do not keep it from serving the others.
/// Bounded: 8 flooders for at most a few seconds, 4 measured connections of 40 lookups each, loopback only.
/// </summary>
public sealed class FloodTests(ITestOutputHelper output)
{
    private const int Flooders = 8;
    private const int Measurers = 4;
    private const int LookupsEach = 40;

    [Fact]
    public async Task Lookups_are_answered_and_never_limited_while_other_connections_flood()
    {
        await using var server = RunningServer.Start(configure: o => o with { RequestsPerSecond = 50, RequestBurst = 100 });
        await using var owner = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED alice", await owner.RequestAsync("REGISTER alice 10.0.0.1 5000"));

        using var stopFlood = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var flooders = new Flooder[Flooders];
        for (var i = 0; i < Flooders; i++)
            flooders[i] = await Flooder.StartAsync(server, stopFlood.Token);
        await Eventually.TrueAsync(() => flooders.All(f => f.RateLimited > 0), "every flooder rate-limited");

        var measured = await Task.WhenAll(Enumerable.Range(0, Measurers).Select(_ => MeasureAsync(server)));
        // Every lookup was answered while the flood still ran: a starved server would serve them only after it.
        Assert.False(stopFlood.IsCancellationRequested, "the measured lookups outlasted the flood");
        var answeredDuring = flooders.Select(f => f.Answered).ToArray();
        await Eventually.TrueAsync(() => flooders.Select((f, i) => f.Answered > answeredDuring[i]).All(b => b), "the flooders still served after");
        await stopFlood.CancelAsync();
        await Task.WhenAll(flooders.Select(f => f.DisposeAsync().AsTask()));

        var latencies = measured.SelectMany(m => m).Order().ToArray();
        var p50 = latencies[latencies.Length / 2];
        var p99 = latencies[(int)(latencies.Length * 0.99)];
        output.WriteLine($"flood: {flooders.Sum(f => f.RateLimited)} requests rate-limited, {flooders.Sum(f => f.Answered)} answered; " +
                         $"measured GET p50 {p50:0.00} ms, p99 {p99:0.00} ms, max {latencies[^1]:0.00} ms over {latencies.Length}");
        // The latency itself is the load bench's to measure (bench/Sala.Bench.Load, docs/benchmarks.md), not a unit test's.
    }

    /// <summary>40 GETs, one at a time (within the burst, so never limited), each timed; all must be answered OK.</summary>
    private static async Task<List<double>> MeasureAsync(RunningServer server)
    {
        await using var client = await server.ConnectRawAsync();
        var latencies = new List<double>(LookupsEach);
        for (var i = 0; i < LookupsEach; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.Equal("OK alice 10.0.0.1 5000", await client.RequestAsync("GET alice"));
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return latencies;
    }

    /// <summary>Sends GETs in 4 KiB blocks as fast as the server takes them and counts the replies.</summary>
    private sealed class Flooder : IAsyncDisposable
    {
        private static readonly byte[] Block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET alice\n", 400)));

        private readonly TcpClient _tcp;
        private readonly Task _sending;
        private readonly Task _receiving;
        private long _rateLimited;
        private long _answered;

        private Flooder(TcpClient tcp, CancellationToken stop)
        {
            _tcp = tcp;
            var stream = tcp.GetStream();
            _sending = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                    await stream.WriteAsync(Block, stop);
            }, CancellationToken.None);
            _receiving = Task.Run(async () =>
            {
                using var reader = new StreamReader(stream, Encoding.ASCII);
                while (await reader.ReadLineAsync(stop) is { } line)
                {
                    if (line.StartsWith("ERR RATE_LIMITED", StringComparison.Ordinal))
                        Interlocked.Increment(ref _rateLimited);
                    else
                        Interlocked.Increment(ref _answered);
                }
            }, CancellationToken.None);
        }

        public long RateLimited => Interlocked.Read(ref _rateLimited);

        public long Answered => Interlocked.Read(ref _answered);

        public static async Task<Flooder> StartAsync(RunningServer server, CancellationToken stop)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(server.EndPoint);
            return new Flooder(tcp, stop);
        }

        public async ValueTask DisposeAsync()
        {
            _tcp.Dispose();
            try
            {
                await Task.WhenAll(_sending, _receiving);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
            }
        }
    }
}
