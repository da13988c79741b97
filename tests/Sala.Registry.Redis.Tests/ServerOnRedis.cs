using System.Net;

namespace Sala.Registry.Redis.Tests;

/// <summary>A registry server on a free loopback port whose store is Redis, as one of several servers sharing it.</summary>
internal sealed class ServerOnRedis : IAsyncDisposable
{
    private ServerOnRedis(RegistryServer server, RedisRegistryStore store, RecordingRegistryLog log)
    {
        Server = server;
        Store = store;
        Log = log;
    }

    public RegistryServer Server { get; }

    public RedisRegistryStore Store { get; }

    public RecordingRegistryLog Log { get; }

    /// <summary><paramref name="pollThreads"/>: 0 serves connections on the runtime's sockets instead of the server's poll loop.</summary>
    public static async Task<ServerOnRedis> StartAsync(
        RedisStoreAddress redis, string prefix, TimeSpan? leaseTtl = null, int? pollThreads = null)
    {
        var log = new RecordingRegistryLog();
        var storeOptions = new RedisRegistryStoreOptions
        {
            KeyPrefix = prefix,
            LeaseTtl = leaseTtl ?? RedisRegistryStoreOptions.DefaultLeaseTtl,
        };
        var store = await RedisRegistryStore.ConnectAsync(redis, storeOptions, TimeProvider.System, log);
        var server = new RegistryServer(new RegistryServerOptions
        {
            Bind = IPAddress.Loopback,
            Port = 0,
            // These tests poll with requests back to back until Redis catches up; the rate limit is tested elsewhere.
            RequestsPerSecond = 0,
            PollThreads = pollThreads ?? RegistryServerOptions.DefaultPollThreads,
            NameClaims = store.NameClaims(RegistryServerOptions.DefaultClaimTtl, TimeProvider.System),
        }, store, TimeProvider.System, log, relay: store);
        // Subscribed to its message channel before the test sends it anything.
        await server.StartAsync();
        return new ServerOnRedis(server, store, log);
    }

    public Task<RawLineClient> ConnectRawAsync() => RawLineClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Server.LocalEndPoint.Port));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Store.DisposeAsync();
    }
}
