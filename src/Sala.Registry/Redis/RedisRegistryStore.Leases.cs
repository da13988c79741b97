using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Sala.Registry.Redis;

/// <summary>
/// Lease renewal. This server remembers every registration it made (<see cref="_leases"/>) until its owner removes
/// it, and renews them all every <see cref="RedisRegistryStoreOptions.EffectiveRefreshInterval"/>, in batches of one
/// script each. A lease Redis no longer has (it restarted empty, or was unreachable for longer than the TTL) is
/// claimed again, so no registration that Redis once accepted is lost while its connection lives; one that someone
/// else took meanwhile is given up.
/// </summary>
public sealed partial class RedisRegistryStore
{
    /// <summary>Keys per renewal script: short enough that one script never holds Redis for long.</summary>
    private const int RenewBatch = 256;

    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly ITimer _renewTimer;
    // Not disposed: it holds no handle unless asked for one, and a renewal may still release it after disposal.
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private bool _renewFailing;

    /// <summary>How many registrations this server holds and renews.</summary>
    public int LeaseCount => _leases.Count;

    /// <summary>
    /// Renews every lease now, and completes once a renewal that began after this call has finished. A call made
    /// while a renewal runs waits for it and then renews again, so a reconnection that happens mid-renewal is never
    /// missed. (Calls that only coalesced returned at once, before the renewal that would serve them had run.)
    /// </summary>
    internal async Task RenewLeasesAsync()
    {
        await _renewing.WaitAsync();
        try
        {
            await RenewOnceAsync();
        }
        finally
        {
            _renewing.Release();
        }
    }

    private async Task RenewOnceAsync()
    {
        try
        {
            foreach (var batch in _leases.ToArray().Chunk(RenewBatch))
                await RenewBatchAsync(batch);
            if (_renewFailing)
                _log.LeaseRenewalRecovered(_where);
            _renewFailing = false;
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // Logged once per outage; the next tick, or the reconnection, tries again.
            if (!_renewFailing)
                _log.LeaseRenewalFailed(_where, ex);
            _renewFailing = true;
        }
    }

    private async Task RenewBatchAsync(KeyValuePair<string, Lease>[] batch)
    {
        var keys = new RedisKey[batch.Length + 1];
        var args = new RedisValue[batch.Length * 2 + 1];
        keys[0] = _index;
        args[0] = _ttlMs;
        for (var i = 0; i < batch.Length; i++)
        {
            keys[i + 1] = UserKey(batch[i].Key);
            args[2 * i + 1] = batch[i].Value.Owner.ToString();
            args[2 * i + 2] = batch[i].Key;
        }
        var results = (RedisResult[])(await _db.ScriptEvaluateAsync(RedisScripts.Renew, keys, args))!;
        for (var i = 0; i < batch.Length; i++)
        {
            switch ((int)results[i])
            {
                case 0:
                    await ReclaimAsync(batch[i].Key, batch[i].Value);
                    break;
                case -1:
                    GiveUp(batch[i].Key, batch[i].Value);
                    break;
            }
        }
    }

    /// <summary>
    /// Claims a lease Redis lost. Its owner may remove it meanwhile: RemoveIfOwnerAsync drops the lease here before
    /// deleting in Redis, so if the lease is gone once the claim has landed, the claim may have come after the delete
    /// and is undone. Either order leaves the name removed.
    /// </summary>
    private async Task ReclaimAsync(string key, Lease lease)
    {
        if (!_leases.TryGetValue(key, out var current) || current != lease)
            return;
        var result = await ClaimInRedisAsync(key, lease.Registration, lease.Owner);
        if (result == ClaimResult.Taken)
        {
            GiveUp(key, lease);
            return;
        }
        if (!_leases.TryGetValue(key, out current) || current != lease)
        {
            await RemoveInRedisAsync(key, lease.Owner);
            return;
        }
        if (result == ClaimResult.Claimed)
            _log.LeaseRestored(lease.Registration.Name, lease.Owner, _where);
    }

    private void GiveUp(string key, Lease lease)
    {
        if (_leases.TryRemove(new KeyValuePair<string, Lease>(key, lease)))
            _log.LeaseLost(lease.Registration.Name, lease.Owner);
    }

    private sealed record Lease(Registration Registration, RegistrationOwner Owner);
}
