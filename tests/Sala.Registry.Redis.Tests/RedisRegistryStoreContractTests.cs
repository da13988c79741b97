namespace Sala.Registry.Redis.Tests;

/// <summary>The contract on Redis: each handle is its own connection under this test's key prefix.</summary>
public sealed class RedisRegistryStoreContractTests(SharedRedis redis) : RegistryStoreContract
{
    private readonly string _prefix = SharedRedis.UniquePrefix();
    private readonly List<RedisRegistryStore> _opened = [];

    protected override async Task<IRegistryStore> OpenAsync()
    {
        var store = await RedisRegistryStore.ConnectAsync(
            await redis.AddressAsync(), new RedisRegistryStoreOptions { KeyPrefix = _prefix }, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        _opened.Add(store);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
            await store.DisposeAsync();
    }
}
