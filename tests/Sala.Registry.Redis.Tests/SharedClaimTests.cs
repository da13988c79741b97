using System.Net;
using Sala.Protocol.Identity;

namespace Sala.Registry.Redis.Tests;

/// <summary>
/// Issue 16 on Redis: a name claimed through one server is refused by every server sharing the Redis, while its
/// owner is offline and after the server it was claimed on has stopped; every server gives the identity it proved.
/// </summary>
public sealed class SharedClaimTests(SharedRedis redis)
{
    private readonly string _prefix = SharedRedis.UniquePrefix();

    [Fact]
    public async Task A_name_claimed_on_one_server_is_refused_to_another_key_on_the_other_also_after_the_first_stops()
    {
        using var alice = IdentityKey.Create();
        using var mallory = IdentityKey.Create();
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using (var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix))
        {
            await using var owner = await RegistryClient.ConnectAsync(Address(one), new RegistryClientOptions { Identity = alice });
            Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Loopback, 5000));
            await owner.DisconnectAsync("alice");
        }

        await using var impostor = await RegistryClient.ConnectAsync(Address(two), new RegistryClientOptions { Identity = mallory });
        Assert.Equal(RegisterOutcome.NameClaimed, await impostor.RegisterAsync("ALICE", IPAddress.Loopback, 6000));
        await using var plain = await two.ConnectRawAsync();
        Assert.StartsWith("ERR NAME_CLAIMED alice belongs to another identity", await plain.RequestAsync("REGISTER alice 10.0.0.9 6000"), StringComparison.Ordinal);
        await using var back = await RegistryClient.ConnectAsync(Address(two), new RegistryClientOptions { Identity = alice });
        Assert.Equal(RegisterOutcome.Registered, await back.RegisterAsync("alice", IPAddress.Loopback, 5001));
    }

    [Fact]
    public async Task A_claim_released_through_one_server_is_free_on_the_other()
    {
        using var alice = IdentityKey.Create();
        using var mallory = IdentityKey.Create();
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using (var owner = await RegistryClient.ConnectAsync(Address(one), new RegistryClientOptions { Identity = alice }))
        {
            Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Loopback, 5000));
            await using var other = await RegistryClient.ConnectAsync(Address(two), new RegistryClientOptions { Identity = mallory });
            Assert.Equal(ReleaseOutcome.OtherKey, await other.ReleaseClaimAsync("alice"));
            Assert.Equal(ReleaseOutcome.Released, await owner.ReleaseClaimAsync("alice"));
            await owner.DisconnectAsync("alice");
        }

        await using var newcomer = await RegistryClient.ConnectAsync(Address(two), new RegistryClientOptions { Identity = mallory });
        Assert.Equal(RegisterOutcome.Registered, await newcomer.RegisterAsync("alice", IPAddress.Loopback, 6000));
    }

    [Fact]
    public async Task Every_server_on_the_redis_gives_the_identity_a_registration_proved()
    {
        using var alice = IdentityKey.Create();
        await using var one = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var two = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix);
        await using var owner = await RegistryClient.ConnectAsync(Address(one), new RegistryClientOptions { Identity = alice });
        Assert.Equal(RegisterOutcome.Registered, await owner.RegisterAsync("alice", IPAddress.Loopback, 5000));
        await using var plain = await two.ConnectRawAsync();
        Assert.Equal("OK REGISTERED bob", await plain.RequestAsync("REGISTER bob 10.0.0.2 6000"));

        await using var asker = await RegistryClient.ConnectAsync(Address(two));
        Assert.Equal(alice.Fingerprint, (await asker.LookupAsync("alice"))!.Identity);
        Assert.Null((await asker.LookupAsync("bob"))!.Identity);
        Assert.Equal([alice.Fingerprint, null], (await asker.ListAsync()).Select(r => r.Identity));
    }

    private static RegistryAddress Address(ServerOnRedis server) => new("127.0.0.1", server.Server.LocalEndPoint.Port);
}
