using Sala.Registry.Tests;

namespace Sala.Registry.Redis.Tests;

/// <summary>Two registry servers on one Redis behave as one registry, spoken to over the wire.</summary>
public sealed class SharedRegistryTests(SharedRedis redis)
{
    private readonly string _prefix = SharedRedis.UniquePrefix();

    [Fact]
    public async Task A_user_registered_on_one_server_is_found_on_the_other()
    {
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var alice = await one.ConnectRawAsync();
        await using var bob = await two.ConnectRawAsync();

        Assert.Equal("OK REGISTERED João", await alice.RequestAsync("REGISTER João 192.168.1.20 5000"));
        Assert.Equal("OK João 192.168.1.20 5000", await bob.RequestAsync("GET JOÃO"));
        Assert.Equal("ERR NAME_TAKEN joão", await bob.RequestAsync("REGISTER joão 192.168.1.30 5002"));
        Assert.Equal("ERR NOT_OWNER João", await bob.RequestAsync("DISCONNECT João"));
        Assert.Equal("OK BYE", await alice.RequestAsync("DISCONNECT João"));
        Assert.Equal("ERR NOT_FOUND João", await bob.RequestAsync("GET João"));
    }

    [Fact]
    public async Task List_on_either_server_sees_the_users_of_both()
    {
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var alice = await one.ConnectRawAsync();
        await using var bob = await two.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        await bob.RequestAsync("REGISTER bob 10.0.0.2 5002");

        foreach (var asker in new[] { alice, bob })
        {
            Assert.Equal("OK 2", await asker.RequestAsync("LIST"));
            Assert.Equal(["alice 10.0.0.1 5000", "bob 10.0.0.2 5002"], new[] { await asker.ReadLineAsync(), await asker.ReadLineAsync() });
        }
    }

    [Fact]
    public async Task One_name_raced_on_both_servers_has_exactly_one_winner()
    {
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        var clients = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? one : two).ConnectRawAsync()));
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racing = clients.Select((c, i) => Task.Run(async () =>
            {
                await start.Task;
                return await c.RequestAsync($"REGISTER Racer 10.0.0.{i + 1} 5000");
            })).ToList();
            start.SetResult();
            var replies = await Task.WhenAll(racing);
            Assert.Single(replies, r => r == "OK REGISTERED Racer");
            Assert.Equal(39, replies.Count(r => r == "ERR NAME_TAKEN Racer"));
            var winner = Array.IndexOf(replies, "OK REGISTERED Racer");
            Assert.Equal($"OK Racer 10.0.0.{winner + 1} 5000", await clients[(winner + 1) % 40].RequestAsync("GET racer"));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_dropped_connection_frees_its_names_for_the_other_server()
    {
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var asker = await two.ConnectRawAsync();
        var owner = await one.ConnectRawAsync();
        Assert.Equal("OK REGISTERED alice", await owner.RequestAsync("REGISTER alice 10.0.0.1 5000"));
        await owner.DisposeAsync();
        await Eventually.TrueAsync(async () => await asker.RequestAsync("GET alice") == "ERR NOT_FOUND alice", "alice released");
        Assert.Equal("OK REGISTERED alice", await asker.RequestAsync("REGISTER alice 10.0.0.9 5009"));
        Assert.Equal(0, one.Store.LeaseCount);
    }
}
