using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Sala.Protocol.Identity;
using Sala.Protocol.Registry;
using StackExchange.Redis;

namespace Sala.Registry.Redis;

/// <summary>
/// A store that several registry servers share through one Redis. Every change is one Lua script (see
/// <see cref="RedisScripts"/>), so claim-if-absent and remove-if-owner are atomic across servers. Each registration
/// is a lease that expires after <see cref="RedisRegistryStoreOptions.LeaseTtl"/> unless the server holding it renews
/// it, which this store does for every registration it made while that registration lives (see the Leases part).
/// When Redis cannot be reached, operations throw <see cref="RegistryStoreUnavailableException"/> at once instead of
/// queueing, and the connection comes back by itself.
/// </summary>
public sealed partial class RedisRegistryStore : IRegistryStore, IAsyncDisposable
{
    /// <summary>Index entries per ZSCAN page, and registrations fetched per round of pipelined HMGETs, in LIST.</summary>
    private const int ListPageSize = 1000;

    private static readonly RedisValue[] EntryFields = ["n", "a", "p", "i"];

    private static readonly RedisValue[] OwnedEntryFields = ["n", "a", "p", "i", "o"];

    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly RedisRegistryStoreOptions _options;
    private readonly ILogger _log;
    private readonly RedisKey _index;
    private readonly RedisValue _ttlMs;
    private readonly string _where;

    private RedisRegistryStore(
        ConnectionMultiplexer redis, RedisStoreAddress address, RedisRegistryStoreOptions options, TimeProvider time, ILogger log)
    {
        _redis = redis;
        _db = redis.GetDatabase(address.Database);
        _options = options;
        _log = log;
        _index = options.KeyPrefix + "index";
        _ttlMs = (long)options.LeaseTtl.TotalMilliseconds;
        _where = $"Redis at {address}";
        Address = address;
        _redis.ConnectionFailed += (_, e) => _log.StoreConnectionLost(_where, e.FailureType, e.Exception);
        _redis.ConnectionRestored += (_, _) =>
        {
            _log.StoreReconnected(_where);
            _ = RenewLeasesAsync();
        };
        var period = options.EffectiveRefreshInterval;
        _renewTimer = time.CreateTimer(_ => _ = RenewLeasesAsync(), null, period, period);
    }

    public RedisStoreAddress Address { get; }

    public bool IsConnected => _redis.IsConnected;

    /// <summary>
    /// Connects to Redis and returns the store even when Redis is not reachable yet: requests are then answered
    /// <c>ERR UNAVAILABLE</c> until it is.
    /// </summary>
    public static async Task<RedisRegistryStore> ConnectAsync(
        RedisStoreAddress address, RedisRegistryStoreOptions options, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        if (options.LeaseTtl < TimeSpan.FromMilliseconds(100))
            throw new ArgumentOutOfRangeException(nameof(options), "the lease TTL must be at least 100 ms");
        var timeoutMs = (int)options.OperationTimeout.TotalMilliseconds;
        var configuration = new ConfigurationOptions
        {
            EndPoints = { { address.Host, address.Port } },
            DefaultDatabase = address.Database,
            // Start and keep serving while Redis is down; requests meanwhile get ERR UNAVAILABLE.
            AbortOnConnectFail = false,
            // Fail a command at once while disconnected rather than queue it: the client gets its answer now.
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = timeoutMs,
            AsyncTimeout = timeoutMs,
            SyncTimeout = timeoutMs,
            // Retry every half second: a restarted Redis is back in service within about that.
            ReconnectRetryPolicy = new LinearRetry(500),
            ClientName = "sala-registry",
        };
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        return new RedisRegistryStore(redis, address, options, time, log);
    }

    public async ValueTask<bool> TryClaimAsync(Registration registration, RegistrationOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var key = UserName.Key(registration.Name);
        // This connection already holds the name: a second REGISTER is refused, as in the in-memory store.
        if (_leases.TryGetValue(key, out var held) && held.Owner == owner)
            return false;
        var result = await RunAsync(() => ClaimInRedisAsync(key, registration, owner));
        if (result == ClaimResult.Taken)
            return false;
        // Claimed, or already this owner's in Redis: an earlier attempt whose reply was lost (timeout) had landed.
        _leases[key] = new Lease(registration, owner);
        return true;
    }

    public async ValueTask<Registration?> LookupAsync(string name, CancellationToken cancellationToken)
    {
        var fields = await RunAsync(() => _db.HashGetAsync(UserKey(UserName.Key(name)), EntryFields));
        return ToRegistration(fields);
    }

    public async ValueTask<OwnedRegistration?> FindOwnerAsync(string name, CancellationToken cancellationToken)
    {
        var fields = await RunAsync(() => _db.HashGetAsync(UserKey(UserName.Key(name)), OwnedEntryFields));
        return ToRegistration(fields) is { } registration && RegistrationOwner.TryParse((string?)fields[4], out var owner)
            ? new OwnedRegistration(registration, owner)
            : null;
    }

    public async ValueTask<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken)
    {
        // ZSCAN walks the index a page at a time, so no single command holds Redis for long; it may return an
        // entry twice, hence the set. Entries whose key has expired come back as empty hashes and are skipped.
        var members = await RunAsync(async () =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var entry in _db.SortedSetScanAsync(_index, pageSize: ListPageSize))
                seen.Add(entry.Element!);
            return seen;
        });
        var all = new List<Registration>(members.Count);
        foreach (var page in members.Chunk(ListPageSize))
        {
            var fetched = await RunAsync(() => Task.WhenAll(page.Select(m => _db.HashGetAsync(UserKey(m), EntryFields))));
            foreach (var fields in fetched)
            {
                if (ToRegistration(fields) is { } registration)
                    all.Add(registration);
            }
        }
        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return all;
    }

    public async ValueTask<RemoveOutcome> RemoveIfOwnerAsync(string name, RegistrationOwner owner, CancellationToken cancellationToken)
    {
        var key = UserName.Key(name);
        // Stop renewing before deleting, so a renewal cannot bring the name back (see ReclaimAsync). If the delete
        // then fails, the owner asked to leave anyway: the unrenewed lease expires within one TTL.
        var heldHere = _leases.TryGetValue(key, out var lease) && lease.Owner == owner;
        if (heldHere)
            _leases.TryRemove(new KeyValuePair<string, Lease>(key, lease!));
        var result = await RunAsync(() => RemoveInRedisAsync(key, owner));
        return result switch
        {
            1 => RemoveOutcome.Removed,
            -1 => RemoveOutcome.NotOwner,
            // Missing in Redis (it restarted and this server had not renewed yet) but held here: it was ours.
            _ => heldHere ? RemoveOutcome.Removed : RemoveOutcome.NotFound,
        };
    }

    /// <summary>Stops renewing and closes the connection. Leases are left to expire: a server that stops cleanly has
    /// already removed its connections' names, and one that did not is exactly the crash the TTL covers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _renewTimer.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private RedisKey UserKey(string key) => _options.KeyPrefix + "u:" + key;

    private async Task<ClaimResult> ClaimInRedisAsync(string key, Registration registration, RegistrationOwner owner)
    {
        var result = await _db.ScriptEvaluateAsync(
            RedisScripts.Claim,
            [UserKey(key), _index],
            [
                registration.Name, registration.Address.ToString(), registration.Port, owner.ToString(), _ttlMs, key,
                registration.Identity?.Text ?? "",
            ]);
        return (ClaimResult)(int)result;
    }

    private async Task<int> RemoveInRedisAsync(string key, RegistrationOwner owner) =>
        (int)await _db.ScriptEvaluateAsync(RedisScripts.RemoveIfOwner, [UserKey(key), _index], [owner.ToString(), key]);

    private static Registration? ToRegistration(RedisValue[] fields)
    {
        if (fields[0].IsNull
            || !IPAddress.TryParse((string?)fields[1], out var address)
            || !int.TryParse((string?)fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            return null;
        // Empty for a plain REGISTER (and absent in a hash an older server wrote).
        return new Registration((string)fields[0]!, address, port)
        {
            Identity = IdentityFingerprint.TryParse((string?)fields[3], out var identity) ? identity : null,
        };
    }

    /// <summary>Runs one Redis exchange, turning "Redis is not there" into the exception the server answers with.</summary>
    private async Task<T> RunAsync<T>(Func<Task<T>> exchange)
    {
        try
        {
            return await exchange();
        }
        catch (Exception ex) when (Unwrap(ex) is RedisException or RedisTimeoutException)
        {
            throw Unavailable(Unwrap(ex));
        }
    }

    /// <summary>SE.Redis's cursor enumeration (ZSCAN) reports a failure wrapped in an AggregateException.</summary>
    private static Exception Unwrap(Exception ex) =>
        ex is AggregateException { InnerExceptions: [var only] } ? Unwrap(only) : ex;

    private RegistryStoreUnavailableException Unavailable(Exception ex) => ex switch
    {
        RedisTimeoutException => new RegistryStoreUnavailableException(
            "the registry store did not answer in time, try again", new TimeoutException($"{_where}: {ex.Message}", ex)),
        RedisConnectionException connection => new RegistryStoreUnavailableException(
            "the registry store is unreachable, try again", new InvalidOperationException($"{_where}: {connection.FailureType}", ex)),
        // LOADING (a restarting Redis reading its data), OOM, READONLY: Redis is there but cannot serve now.
        _ => new RegistryStoreUnavailableException(
            "the registry store refused the request, try again", new InvalidOperationException($"{_where}: {ex.Message}", ex)),
    };

    private enum ClaimResult
    {
        Taken = 0,
        Claimed = 1,
        AlreadyOwned = 2,
    }
}
