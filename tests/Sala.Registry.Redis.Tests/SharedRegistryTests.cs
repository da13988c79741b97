
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

    [Fact]
    public async Task A_message_to_a_user_on_the_other_server_is_delivered_through_redis_both_ways()
    {
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var alice = await one.ConnectRawAsync();
        await using var bob = await two.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        await bob.RequestAsync("REGISTER Bob 10.0.0.2 5002");

        Assert.Equal("OK SENT Bob", await alice.RequestAsync("SEND bob CONVITE alice 10.0.0.1 5000  call=7Fq2"));
        Assert.Equal("MSG alice CONVITE alice 10.0.0.1 5000  call=7Fq2", await bob.ReadLineAsync());
        Assert.Equal("OK SENT alice", await bob.RequestAsync("SEND ALICE ACEITO call=7Fq2"));
        Assert.Equal("MSG Bob ACEITO call=7Fq2", await alice.ReadLineAsync());
        Assert.Equal("ERR NOT_FOUND carol", await alice.RequestAsync("SEND carol hello"));
    }

    [Fact]
    public async Task A_message_to_a_user_whose_server_no_longer_listens_is_not_found()
    {
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        var admin = await redis.AdminAsync();
        // A lease left by a server that crashed: its hash names a server nobody subscribes for any more.
        await admin.HashSetAsync(_prefix + "u:ghost", [new("n", "ghost"), new("a", "10.0.0.9"), new("p", "5009"), new("o", "crashedserver/7")]);
        await using var alice = await one.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        Assert.Equal("ERR NOT_FOUND ghost", await alice.RequestAsync("SEND ghost hello"));
    }

    [Fact]
    public async Task Messages_relayed_through_redis_reach_the_session_client_api()
    {
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var alice = await RegistryClient.ConnectAsync(new RegistryAddress("127.0.0.1", one.Server.LocalEndPoint.Port));
        await using var bob = await RegistryClient.ConnectAsync(new RegistryAddress("127.0.0.1", two.Server.LocalEndPoint.Port));
        await alice.RegisterAsync("alice", System.Net.IPAddress.Loopback, 5000);
        await bob.RegisterAsync("bob", System.Net.IPAddress.Loopback, 5002);

        Assert.Equal(SendOutcome.Sent, await alice.SendAsync("bob", "offer with  two spaces"));
        Assert.Equal(new RelayedMessage("alice", "offer with  two spaces"), await bob.Messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("7 bob alice hello there", true)]
    [InlineData("7 bob alice", false)]
    [InlineData("x bob alice hi", false)]
    [InlineData("-1 bob alice hi", false)]
    [InlineData("", false)]
    public void Relayed_payloads_from_other_servers_are_read_without_throwing(string payload, bool valid)
    {
        Assert.Equal(valid, RedisRegistryStore.TryReadPayload(payload, out var message));
        if (valid)
            Assert.Equal(new ForwardedMessage(7, "bob", "alice", "hello there"), message);
    }
}
