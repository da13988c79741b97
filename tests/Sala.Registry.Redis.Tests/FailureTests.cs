using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Sala.Registry.Redis.Tests;

/// <summary>
/// A server that dies without cleaning up, and Redis that goes away and comes back. Each test has its own
/// redis-server, since it kills processes the shared one must not lose.
/// </summary>
public sealed partial class FailureTests
{
    [GeneratedRegex(@"^Sala registry listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();

    [Fact]
    public async Task The_users_of_a_sigkilled_server_are_gone_when_their_lease_of_at_most_one_ttl_runs_out()
    {
        await using var redis = await RedisProcess.StartAsync();
        var ttl = TimeSpan.FromSeconds(1);
        await using var doomed = SalaProcess.Start(
            "server", "--bind", "127.0.0.1", "--port", "0", "--store", $"redis://127.0.0.1:{redis.Port}", "--lease-ttl", "1s", "--quiet");
        var port = int.Parse(ListeningLine().Match(doomed.NextLine() ?? "").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.StartsWith($"Sala registry store: redis://127.0.0.1:{redis.Port}", doomed.NextLine(), StringComparison.Ordinal);
        await using var survivor = await ServerOnRedis.StartAsync(redis.Address(), "sala:", ttl);
        await using var alice = await RawLineClient.ConnectAsync(new(System.Net.IPAddress.Loopback, port));
        await using var asker = await survivor.ConnectRawAsync();

        Assert.Equal("OK REGISTERED alice", await alice.RequestAsync("REGISTER alice 10.0.0.1 5000"));
        // Renewal keeps alice registered for longer than one TTL while her server lives.
        var registered = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () =>
        {
            Assert.Equal("OK alice 10.0.0.1 5000", await asker.RequestAsync("GET alice"));
            return registered.Elapsed > ttl * 1.5;
        }, "more than one TTL with alice registered");

        using (var process = Process.GetProcessById(doomed.Id))
            process.Kill();
        // What bounds her life now is the lease Redis holds, not this machine's speed: at most one TTL left at the kill.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port.ToString(CultureInfo.InvariantCulture)}"))
        {
            var left = await admin.GetDatabase().KeyTimeToLiveAsync("sala:u:alice");
            Assert.NotNull(left);
            Assert.InRange(left.Value, TimeSpan.FromMilliseconds(1), ttl);
        }
        await Eventually.TrueAsync(async () => await asker.RequestAsync("GET alice") == "ERR NOT_FOUND alice", "alice expired");
        Assert.Equal("OK 0", await asker.RequestAsync("LIST"));
        Assert.Equal("OK REGISTERED alice", await asker.RequestAsync("REGISTER alice 10.0.0.9 5009"));
    }

    [Fact]
    public async Task While_redis_is_down_requests_are_unavailable_and_afterwards_nothing_is_lost()
    {
        var redis = await RedisProcess.StartAsync();
        var port = redis.Port;
        try
        {
            await using var server = await ServerOnRedis.StartAsync(redis.Address(), "sala:", TimeSpan.FromSeconds(2));
            await using var alice = await server.ConnectRawAsync();
            Assert.Equal("OK REGISTERED alice", await alice.RequestAsync("REGISTER alice 10.0.0.1 5000"));

            await redis.KillAsync();
            await Eventually.TrueAsync(async () => (await alice.RequestAsync("GET alice"))!.StartsWith("ERR UNAVAILABLE ", StringComparison.Ordinal), "unavailable");
            Assert.Equal("ERR UNAVAILABLE the registry store is unreachable, try again", await alice.RequestAsync("REGISTER bob 10.0.0.2 5002"));
            Assert.Equal("ERR UNAVAILABLE the registry store is unreachable, try again", await alice.RequestAsync("LIST"));
            Assert.Equal("PONG", await alice.RequestAsync("PING"));

            // Restarted without persistence, Redis is empty: alice's server puts her back by itself.
            await redis.DisposeAsync();
            redis = await RedisProcess.StartAsync(port);
            await Eventually.TrueAsync(async () => await alice.RequestAsync("GET alice") == "OK alice 10.0.0.1 5000", "alice restored", TimeSpan.FromSeconds(15));
            Assert.Equal("OK REGISTERED bob", await alice.RequestAsync("REGISTER bob 10.0.0.2 5002"));
            Assert.Contains(server.Log.Lines, l => l.StartsWith("restored alice", StringComparison.Ordinal));
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_bad_store_url_is_refused_with_one_line()
    {
        await using var server = SalaProcess.Start("server", "--port", "0", "--store", "redis:/localhost");
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Equal(["sala server: --store: 'redis:/localhost' is not redis://HOST:PORT[/DB] (or 'memory')"], server.Errors);
    }

    [Fact]
    public async Task A_server_started_before_redis_says_so_and_serves_once_redis_is_up()
    {
        var port = RedisProcess.FreePort();
        await using var server = SalaProcess.Start(
            "server", "--bind", "127.0.0.1", "--port", "0", "--store", $"redis://127.0.0.1:{port}", "--quiet");
        // Before these lines the store logs at Error (which --quiet keeps) that it cannot subscribe yet.
        var listening = server.WaitForLine(l => ListeningLine().IsMatch(l));
        var serverPort = int.Parse(ListeningLine().Match(listening).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(
            $"Sala registry store: redis://127.0.0.1:{port} is not reachable yet; answering ERR UNAVAILABLE until it is",
            server.WaitForLine(l => l.StartsWith("Sala registry store:", StringComparison.Ordinal)));
        Assert.Contains(server.Output, l => l.Contains(" ERROR cannot subscribe to ", StringComparison.Ordinal) && l.Contains($"in Redis at redis://127.0.0.1:{port} yet", StringComparison.Ordinal));
        await using var client = await RawLineClient.ConnectAsync(new(System.Net.IPAddress.Loopback, serverPort));
        Assert.Equal("ERR UNAVAILABLE the registry store is unreachable, try again", await client.RequestAsync("GET alice"));

        await using var redis = await RedisProcess.StartAsync(port);
        await Eventually.TrueAsync(async () => await client.RequestAsync("REGISTER alice 10.0.0.1 5000") == "OK REGISTERED alice", "registered", TimeSpan.FromSeconds(15));
    }
}
