using System.Net;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Sala.Registry.Redis.Tests;

/// <summary>Leases in Redis: their TTL, their renewal (driven by a fake clock), and what renewal does when Redis lost them.</summary>
public sealed class RedisLeaseTests(SharedRedis redis) : IAsyncDisposable
{
    private static readonly RegistrationOwner Owner = new("server-a", 7);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly string _prefix = SharedRedis.UniquePrefix();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingRegistryLog _log = new();
    private RedisRegistryStore? _store;

    private static Registration At(string name, int port = 5000) => new(name, IPAddress.Parse("10.0.0.1"), port);

    [Fact]
    public async Task A_claim_is_a_lease_with_the_ttl_and_the_owner_token()
    {
        var (store, admin) = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("Alice"), Owner, default));
        var ttl = await admin.KeyTimeToLiveAsync(_prefix + "u:alice");
        Assert.InRange(ttl!.Value, Ttl - TimeSpan.FromSeconds(5), Ttl);
        Assert.Equal("server-a/7", (string?)await admin.HashGetAsync(_prefix + "u:alice", "o"));
    }

    [Fact]
    public async Task Leases_are_renewed_every_third_of_the_ttl_while_held()
    {
        var (store, admin) = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("alice"), Owner, default));
        await admin.KeyExpireAsync(_prefix + "u:alice", TimeSpan.FromSeconds(5));

        _time.Advance(Ttl / 3);

        await Eventually.TrueAsync(async () => await admin.KeyTimeToLiveAsync(_prefix + "u:alice") > TimeSpan.FromSeconds(20), "the lease renewed");
    }

    [Fact]
    public async Task A_removed_registration_is_no_longer_renewed()
    {
        var (store, admin) = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("alice"), Owner, default));
        Assert.Equal(RemoveOutcome.Removed, await store.RemoveIfOwnerAsync("alice", Owner, default));
        await store.RenewLeasesAsync();
        Assert.False(await admin.KeyExistsAsync(_prefix + "u:alice"));
        Assert.Equal(0, store.LeaseCount);
        Assert.Equal(0, await admin.SortedSetLengthAsync(_prefix + "index"));
    }

    [Fact]
    public async Task A_lease_Redis_lost_is_claimed_again_on_renewal()
    {
        var (store, admin) = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("alice", 5001), Owner, default));
        // The store's own renewals (its timer, or a reconnection of its subscriber) may put alice back at any moment
        // after this, so whether she is gone in between is not asserted: only that a renewal brings her back.
        await admin.KeyDeleteAsync([_prefix + "u:alice", _prefix + "index"]);

        await store.RenewLeasesAsync();

        Assert.Equal(At("alice", 5001), await store.LookupAsync("alice", default));
        Assert.Equal([At("alice", 5001)], await store.ListAsync(default));
        Assert.Contains(_log.Lines, l => l.StartsWith("restored alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lease_someone_else_took_meanwhile_is_given_up_and_left_alone()
    {
        var (store, admin) = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("alice"), Owner, default));
        await admin.HashSetAsync(_prefix + "u:alice", [new HashEntry("o", "server-b/1"), new HashEntry("p", "6000")]);

        await store.RenewLeasesAsync();

        Assert.Equal(0, store.LeaseCount);
        Assert.Equal(6000, (await store.LookupAsync("alice", default))!.Port);
        Assert.Equal(RemoveOutcome.NotOwner, await store.RemoveIfOwnerAsync("alice", Owner, default));
        Assert.Contains(_log.Lines, l => l.StartsWith("lost alice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_skips_index_entries_whose_registration_expired()
    {
        var (store, admin) = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("alice"), Owner, default));
        // As if another server's lease on bob had expired: Redis dropped the key, the index still names it until the
        // next trim. Bob is not claimed through this store, or its own renewal (on a reconnection) would restore him.
        await admin.SortedSetAddAsync(_prefix + "index", "bob", 0);
        Assert.Equal(["alice"], (await store.ListAsync(default)).Select(r => r.Name));
    }

    [Fact]
    public async Task A_claim_whose_reply_was_lost_succeeds_when_the_same_connection_retries()
    {
        var (store, admin) = await OpenAsync();
        // As if an earlier REGISTER from this connection reached Redis but its reply timed out.
        await admin.HashSetAsync(_prefix + "u:alice", [new HashEntry("n", "alice"), new HashEntry("a", "10.0.0.1"),
            new HashEntry("p", "4000"), new HashEntry("o", Owner.ToString())]);
        Assert.True(await store.TryClaimAsync(At("alice", 5000), Owner, default));
        Assert.Equal(5000, (await store.LookupAsync("alice", default))!.Port);
        Assert.Equal(1, store.LeaseCount);
    }

    [Fact]
    public async Task An_unreachable_redis_makes_every_operation_unavailable_at_once()
    {
        var closedPort = new RedisStoreAddress("127.0.0.1", RedisProcess.FreePort(), 0);
        await using var store = await RedisRegistryStore.ConnectAsync(
            closedPort, new RedisRegistryStoreOptions { KeyPrefix = _prefix, OperationTimeout = TimeSpan.FromMilliseconds(500) }, _time, _log);
        Assert.False(store.IsConnected);
        var ex = await Assert.ThrowsAsync<RegistryStoreUnavailableException>(async () => await store.LookupAsync("alice", default));
        Assert.Equal("the registry store is unreachable, try again", ex.Message);
        await Assert.ThrowsAsync<RegistryStoreUnavailableException>(async () => await store.TryClaimAsync(At("alice"), Owner, default));
        await Assert.ThrowsAsync<RegistryStoreUnavailableException>(async () => await store.ListAsync(default));
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
    }

    private async Task<(RedisRegistryStore Store, IDatabase Admin)> OpenAsync()
    {
        _store = await RedisRegistryStore.ConnectAsync(
            await redis.AddressAsync(), new RedisRegistryStoreOptions { KeyPrefix = _prefix, LeaseTtl = Ttl }, _time, _log);
        return (_store, await redis.AdminAsync());
    }
}
