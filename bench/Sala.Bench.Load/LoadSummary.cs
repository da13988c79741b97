using System.Globalization;

namespace Sala.Bench.Load;

/// <summary>
/// The comparison the tool ends with: each server's rounds taken together (all their requests over all their time,
/// every latency in one histogram), the ratio of the two, and each round's ratio so the spread is in sight.
/// </summary>
internal static class LoadSummary
{
    public static void Print(IReadOnlyList<LoadResult> results, TextWriter output)
    {
        var rounds = results.Count(r => r.Target == "registry" && r.Depth == 1);
        output.WriteLine($"over {rounds} rounds:");
        var registryGet = Combined(results, "registry", 1);
        var redisGet = Combined(results, "redis", 1);
        var registryPipelined = Combined(results, "registry", 16);
        var redisPipelined = Combined(results, "redis", 16);
        foreach (var combined in new[] { registryGet, registryPipelined, redisGet, redisPipelined })
            output.WriteLine(combined);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pipelined (depth 16): registry {registryPipelined.OpsPerSecond:0} ops/s | redis {redisPipelined.OpsPerSecond:0} ops/s | " +
            $"ratio {registryPipelined.OpsPerSecond / redisPipelined.OpsPerSecond:0.00} (rounds {RoundRatios(results, 16)})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"registry GET: {registryGet.OpsPerSecond:0} ops/s p99 {registryGet.P99} ms | redis GET: {redisGet.OpsPerSecond:0} ops/s p99 {redisGet.P99} ms | " +
            $"ratio {registryGet.OpsPerSecond / redisGet.OpsPerSecond:0.00} (rounds {RoundRatios(results, 1)})"));
        if (registryGet.ServerCpuMsPer1000 is { } registryCpu && redisGet.ServerCpuMsPer1000 is { } redisCpu)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server CPU per 1000 GETs (depth 1): registry {registryCpu:0.0} ms | redis {redisCpu:0.0} ms | ratio {registryCpu / redisCpu:0.00}"));
        }
    }

    private static LoadResult Combined(IReadOnlyList<LoadResult> results, string target, int depth) =>
        LoadResult.Combine(results.Where(r => r.Target == target && r.Depth == depth).ToList());

    private static string RoundRatios(IReadOnlyList<LoadResult> results, int depth)
    {
        var registry = results.Where(r => r.Target == "registry" && r.Depth == depth).ToList();
        var redis = results.Where(r => r.Target == "redis" && r.Depth == depth).ToList();
        return string.Join(", ", registry.Zip(redis, (a, b) => (a.OpsPerSecond / b.OpsPerSecond).ToString("0.00", CultureInfo.InvariantCulture)));
    }
}
