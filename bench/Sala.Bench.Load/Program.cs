using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sala.Bench.Load;
using Sala.Cli.Parsing;
using Sala.Registry;

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
    Console.WriteLine($"Sala registry load: {options.Connections} connections, {options.Duration.TotalSeconds:0} s per run " +
                      $"after {options.Warmup.TotalSeconds:0} s of warm-up, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

    var results = new List<LoadResult>();
    if (options.Registry is not null)
    {
        await MeasureRegistryAsync(options.Registry);
    }
    else if (options.InProcess)
    {
        // Same process as the load, so the allocation counter covers the server (the load allocates nothing per request).
        await using var registry = new RegistryServer(
            new RegistryServerOptions { Bind = IPAddress.Loopback, Port = 0, RequestsPerSecond = 0, MaxConnections = 0, MaxConnectionsPerAddress = 0 }, new InMemoryRegistryStore(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        registry.Start();
        await MeasureRegistryAsync(new IPEndPoint(IPAddress.Loopback, registry.LocalEndPoint.Port));
    }
    else
    {
        using var registry = SalaServerProcess.Start();
        await MeasureRegistryAsync(registry.EndPoint, registry.ProcessId);
    }

    await using (var redis = options.Redis is null ? await Sala.Testing.RedisProcess.StartAsync() : null)
    {
        var redisEndPoint = options.Redis ?? redis!.EndPoint;
        foreach (var depth in new[] { 1, 16 })
            results.Add(await MeasureAsync(LoadTarget.Redis, redisEndPoint, depth, $"d{depth}", redis?.ProcessId));
    }

    var registryGet = results.First(r => r.Target == "registry" && r.Depth == 1);
    var redisGet = results.First(r => r.Target == "redis" && r.Depth == 1);
    var pipelined = results.Where(r => r.Depth == 16).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"pipelined (depth 16): registry {pipelined[0].OpsPerSecond:0} ops/s | redis {pipelined[1].OpsPerSecond:0} ops/s | ratio {pipelined[0].OpsPerSecond / pipelined[1].OpsPerSecond:0.00}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"registry GET: {registryGet.OpsPerSecond:0} ops/s p99 {registryGet.P99} ms | redis GET: {redisGet.OpsPerSecond:0} ops/s p99 {redisGet.P99} ms | ratio {registryGet.OpsPerSecond / redisGet.OpsPerSecond:0.00}"));
    if (registryGet.ServerCpuMsPer1000 is { } registryCpu && redisGet.ServerCpuMsPer1000 is { } redisCpu)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server CPU per 1000 GETs (depth 1): registry {registryCpu:0.0} ms | redis {redisCpu:0.0} ms | ratio {registryCpu / redisCpu:0.00}"));
    }
    return 0;

    async Task MeasureRegistryAsync(IPEndPoint registry, int? processId = null)
    {
        foreach (var depth in new[] { 1, 16 })
            results.Add(await MeasureAsync(LoadTarget.Registry, registry, depth, $"d{depth}", processId));
    }

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
