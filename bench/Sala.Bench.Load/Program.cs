using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sala.Bench.Load;
using Sala.Cli.Parsing;

// The load's continuations run on the socket engine's thread instead of hopping to the thread pool, as a one-thread
// event-loop client (redis-benchmark) would: it takes 14 instead of 21 ms of CPU per 1000 requests, and leaves that
// to the server it measures on these two shared cores. Read by the runtime when the first socket is used.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

return await LoadOptions.Command(RunAsync).Parse(args).InvokeOrReportAsync("Sala.Bench.Load", Console.Error);

async Task<int> RunAsync(LoadOptions options)
{
    if (options.Hold > 0)
        return options.Tls ? await TlsCapacityRun.RunAsync(options) : await CapacityRun.RunAsync(options);
    Console.WriteLine($"Sala registry load: {options.Connections} connections, {options.Rounds} rounds of {options.Duration.TotalSeconds:0.#} s per " +
                      $"server and depth after {options.Warmup.TotalSeconds:0.#} s of warm-up, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

    await using var servers = await MeasuredServers.StartAsync(options);
    var results = new List<LoadResult>();
    for (var round = 1; round <= options.Rounds; round++)
    {
        foreach (var depth in new[] { 1, 16 })
        {
            // The two take turns, and who goes first alternates: a drift of the machine over the run favours neither.
            var registryFirst = round % 2 == 1;
            for (var turn = 0; turn < 2; turn++)
            {
                results.Add(turn == 0 == registryFirst
                    ? await MeasureAsync(LoadTarget.Registry, servers.Registry, depth, $"r{round}d{depth}", servers.RegistryProcessId)
                    : await MeasureAsync(LoadTarget.Redis, servers.Redis, depth, $"r{round}d{depth}", servers.RedisProcessId));
            }
        }
    }
    LoadSummary.Print(results, Console.Out);
    return 0;

    // processId: the server's, when the tool started it, for its CPU time during the run.
    async Task<LoadResult> MeasureAsync(LoadTarget target, IPEndPoint server, int depth, string run, int? processId = null)
    {
        var clients = new LoadConnection[options.Connections];
        for (var i = 0; i < clients.Length; i++)
            clients[i] = await LoadConnection.ConnectAsync(server);
        try
        {
            // Each run registers its own names: the previous run's are released asynchronously as its connections close.
            await Task.WhenAll(clients.Select((c, i) => c.RequestOkAsync(target.Register($"{run}u{i}", i))));
            var gets = clients.Select((_, i) => target.Get($"{run}u{(i + 1) % clients.Length}")).ToArray();
            await RunAllAsync(options.Warmup, new LatencyHistogram[clients.Length]);
            var histograms = new LatencyHistogram[clients.Length];
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = processId is { } before ? ProcessCpu.Of(before) : TimeSpan.Zero;
            var loadCpuBefore = ProcessCpu.Of(Environment.ProcessId);
            var started = Stopwatch.GetTimestamp();
            var requests = await RunAllAsync(options.Duration, histograms);
            var elapsed = Stopwatch.GetElapsedTime(started);
            TimeSpan? serverCpu = processId is { } after ? ProcessCpu.Of(after) - cpuBefore : null;
            var loadCpu = ProcessCpu.Of(Environment.ProcessId) - loadCpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var all = new LatencyHistogram();
            foreach (var histogram in histograms)
                all.Add(histogram);
            var result = new LoadResult(target.Name, clients.Length, depth, elapsed, requests, all, serverCpu, options.InProcess ? null : loadCpu);
            Console.WriteLine(result);
            if (options.InProcess && target == LoadTarget.Registry)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated in this process: {(double)allocated / requests:0.0} B per request"));
            return result;

            async Task<long> RunAllAsync(TimeSpan duration, LatencyHistogram[] latencies)
            {
                var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
                var counts = await Task.WhenAll(clients.Select((c, i) =>
                {
                    latencies[i] = new LatencyHistogram();
                    return c.RunAsync(gets[i], target.LinesPerGetReply, depth, deadline, latencies[i]);
                }));
                return counts.Sum();
            }
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
    }
}
