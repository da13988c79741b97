using System.Globalization;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(Sala.Registry.Redis.Tests.SharedRedis))]

namespace Sala.Registry.Redis.Tests;

/// <summary>
/// The Redis most tests share, each under its own key prefix: the one test.sh started (SALA_TEST_REDIS=HOST:PORT),
/// else, outside CI, a private redis-server when one is installed. In CI a missing variable fails the tests rather
/// than skipping them: a CI run that silently tested no Redis would prove nothing.
/// </summary>
public sealed class SharedRedis : IAsyncDisposable
{
    public const string Variable = "SALA_TEST_REDIS";

    private readonly SemaphoreSlim _starting = new(1, 1);
    private RedisProcess? _own;
    private RedisStoreAddress? _address;
    private ConnectionMultiplexer? _admin;

    public async Task<RedisStoreAddress> AddressAsync()
    {
        await _starting.WaitAsync();
        try
        {
            return _address ??= await FindAsync();
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>A plain connection for looking at and meddling with keys behind the store's back.</summary>
    public async Task<IDatabase> AdminAsync()
    {
        var address = await AddressAsync();
        await _starting.WaitAsync();
        try
        {
            _admin ??= await ConnectionMultiplexer.ConnectAsync($"{address.Host}:{address.Port.ToString(CultureInfo.InvariantCulture)}");
            return _admin.GetDatabase(address.Database);
        }
        finally
        {
            _starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
            await _admin.DisposeAsync();
        if (_own is not null)
            await _own.DisposeAsync();
        _starting.Dispose();
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix() => $"sala-test:{Guid.NewGuid():N}:";

    private async Task<RedisStoreAddress> FindAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!RedisStoreAddress.TryParse("redis://" + configured.Trim(), out var address, out var whyNot))
                Assert.Fail($"{Variable}={configured}: {whyNot}");
            return address;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"{Variable} is not set: in CI, ./test.sh must start redis-server (tests/env/redis.sh) and export it");
        if (!RedisProcess.IsInstalled)
            Assert.Fail($"no Redis to test against: run ./test.sh (it installs and starts redis-server), or set {Variable}=HOST:PORT");
        _own = await RedisProcess.StartAsync();
        return _own.Address();
    }
}
