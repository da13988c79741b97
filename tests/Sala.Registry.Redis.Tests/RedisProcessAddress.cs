namespace Sala.Registry.Redis.Tests;

/// <summary>A private redis-server as the registry's store address (RedisProcess itself knows nothing of the registry).</summary>
internal static class RedisProcessAddress
{
    public static RedisStoreAddress Address(this RedisProcess redis, int database = 0) => new("127.0.0.1", redis.Port, database);
}
