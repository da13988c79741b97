using System.Net;
using Sala.Registry;
using Sala.Testing;

namespace Sala.Bench.Load;

/// <summary>
/// The registry and the redis-server the load compares, both up for the whole run so their measurements can take
/// turns: each started here unless its address was given, the registry as <c>sala server</c> or in this process.
/// </summary>
internal sealed class MeasuredServers : IAsyncDisposable
{
    private SalaServerProcess? _registryProcess;
    private RegistryServer? _inProcess;
    private RedisProcess? _redisProcess;

    private MeasuredServers()
    {
    }

    public IPEndPoint Registry { get; private set; } = null!;

    /// <summary>The registry's process when this tool started it, for its CPU time.</summary>
    public int? RegistryProcessId => _registryProcess?.ProcessId;

    public IPEndPoint Redis { get; private set; } = null!;

    public int? RedisProcessId => _redisProcess?.ProcessId;

    public static async Task<MeasuredServers> StartAsync(LoadOptions options)
    {
        var servers = new MeasuredServers();
        try
        {
            if (options.Registry is not null)
            {
                servers.Registry = options.Registry;
            }
            else if (options.InProcess)
            {
                // Same process as the load, so the allocation counter covers the server (the load allocates nothing per request).
                servers._inProcess = new RegistryServer(
                    new RegistryServerOptions { Bind = IPAddress.Loopback, Port = 0, RequestsPerSecond = 0, MaxConnections = 0, MaxConnectionsPerAddress = 0 },
                    new InMemoryRegistryStore(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
                servers._inProcess.Start();
                servers.Registry = new IPEndPoint(IPAddress.Loopback, servers._inProcess.LocalEndPoint.Port);
            }
            else
            {
                servers._registryProcess = SalaServerProcess.Start();
                servers.Registry = servers._registryProcess.EndPoint;
            }
            if (options.Redis is not null)
            {
                servers.Redis = options.Redis;
            }
            else
            {
                servers._redisProcess = await RedisProcess.StartAsync();
                servers.Redis = servers._redisProcess.EndPoint;
            }
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _registryProcess?.Dispose();
        if (_inProcess is not null)
            await _inProcess.DisposeAsync();
        if (_redisProcess is not null)
            await _redisProcess.DisposeAsync();
    }
}
