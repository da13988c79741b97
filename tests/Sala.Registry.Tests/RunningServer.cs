using System.Net;

namespace Sala.Registry.Tests;

/// <summary>A registry server on a free loopback port, stopped when disposed.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(RegistryServer server, InMemoryRegistryStore store, RecordingRegistryLog log)
    {
        Server = server;
        Store = store;
        Log = log;
    }

    public RegistryServer Server { get; }

    public InMemoryRegistryStore Store { get; }

    public RecordingRegistryLog Log { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Server.LocalEndPoint.Port);

    public RegistryAddress Address => new("127.0.0.1", Server.LocalEndPoint.Port);

    /// <summary>
    /// <paramref name="configure"/> changes the options (limits, a fixed port) before the server starts;
    /// <paramref name="wrapStore"/> puts a store of the test's own (one that answers later) in front of <see cref="Store"/>.
    /// </summary>
    public static RunningServer Start(
        TimeProvider? time = null, TimeSpan? idleTimeout = null, Func<RegistryServerOptions, RegistryServerOptions>? configure = null,
        Func<IRegistryStore, IRegistryStore>? wrapStore = null)
    {
        var store = new InMemoryRegistryStore();
        var log = new RecordingRegistryLog();
        var options = new RegistryServerOptions
        {
            Bind = IPAddress.Loopback,
            Port = 0,
            IdleTimeout = idleTimeout ?? RegistryServerOptions.DefaultIdleTimeout,
            // Tests send requests back to back; the rate limit has tests of its own (ServerLimitsTests).
            RequestsPerSecond = 0,
        };
        var server = new RegistryServer(configure?.Invoke(options) ?? options, wrapStore?.Invoke(store) ?? store, time ?? TimeProvider.System, log);
        server.Start();
        return new RunningServer(server, store, log);
    }

    public Task<RawLineClient> ConnectRawAsync() => RawLineClient.ConnectAsync(EndPoint);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
