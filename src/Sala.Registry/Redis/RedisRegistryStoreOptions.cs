namespace Sala.Registry.Redis;

public sealed record RedisRegistryStoreOptions
{
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a registration outlives the server that holds it: the users of a crashed server disappear within
    /// this time. Each server renews its own leases every third of it.
    /// </summary>
    public TimeSpan LeaseTtl { get; init; } = DefaultLeaseTtl;

    /// <summary>How often leases are renewed; a third of <see cref="LeaseTtl"/> unless set, so two renewals may fail in a row.</summary>
    public TimeSpan? RefreshInterval { get; init; }

    /// <summary>Prefixes every key, so registries (or tests) can share one Redis database without colliding.</summary>
    public string KeyPrefix { get; init; } = "sala:";

    /// <summary>How long one Redis command may take before the request is answered <c>ERR UNAVAILABLE</c>.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(2);

    internal TimeSpan EffectiveRefreshInterval => RefreshInterval ?? LeaseTtl / 3;
}
