using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Sala.Registry;

/// <summary>
/// The registry's TCP server: accepts connections within its limits, runs one <see cref="RegistryConnection"/> each,
/// closes those idle for longer than <see cref="RegistryServerOptions.IdleTimeout"/> or stuck in a line longer than
/// <see cref="RegistryServerOptions.LineTimeout"/>, and tells every client <c>BYE SHUTDOWN</c> when it stops. With
/// <see cref="RegistryServerOptions.Tls"/> its port speaks TLS only. A SEND
/// to a user held by another server sharing the store goes through the <see cref="IMessageRelay"/>, if it has one.
/// </summary>
public sealed partial class RegistryServer : IAsyncDisposable
{
    private readonly RegistryServerOptions _options;
    private readonly IRegistryStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly IMessageRelay? _relay;
    private readonly MessageRouter _router;
    private readonly RegistryMetrics _metrics;
    private readonly ConcurrentDictionary<long, IClientConnection> _connections = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private IPEndPoint? _localEndPoint;
    private Task? _acceptLoop;
    private ITimer? _idleSweep;
    private long _nextConnectionId;
    private Task<IAsyncDisposable>? _listening;
    private Polling.PollLoop[] _loops = [];
    private int _nextLoop;

    public RegistryServer(RegistryServerOptions options, IRegistryStore store, TimeProvider time, ILogger log)
        : this(options, store, time, log, relay: null)
    {
    }

    /// <summary>A server whose SENDs to users on other servers sharing the store (Redis) go through <paramref name="relay"/>.</summary>
    public RegistryServer(RegistryServerOptions options, IRegistryStore store, TimeProvider time, ILogger log, IMessageRelay? relay)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.NameClaims is null ? options with { NameClaims = new InMemoryNameClaims(options.ClaimTtl, time) } : options;
        _metrics = new RegistryMetrics(() => _connections.Count);
        _store = new MeasuredRegistryStore(store, _metrics);
        _time = time;
        _log = log;
        _relay = relay;
        _router = new MessageRouter(options, _store, relay, time,
            id => _connections.TryGetValue(id, out var connection) ? connection : null, log);
    }

    /// <summary>The bound address and port (the real port when <see cref="RegistryServerOptions.Port"/> was 0).</summary>
    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("The server is not started.");

    public int ConnectionCount => _connections.Count;

    /// <summary>The poll loops serving plain connections; 0 when the runtime's sockets serve them (see <see cref="RegistryServerOptions.PollThreads"/>).</summary>
    public int PollLoops => _loops.Length;

    /// <summary>Recipients with a SEND rate bucket now; idle ones are forgotten within a few seconds.</summary>
    public int RecipientBuckets => _router.RecipientBuckets;

    /// <summary>
    /// Starts listening, and with a relay also starts receiving messages forwarded by other servers, without waiting
    /// for that (see <see cref="StartAsync"/>).
    /// </summary>
    public void Start()
    {
        var listener = new Socket(_options.Bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (_options.Bind.Equals(IPAddress.IPv6Any))
            listener.DualMode = true;
        listener.Bind(new IPEndPoint(_options.Bind, _options.Port));
        listener.Listen(backlog: 1024);
        _listener = listener;
        _localEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        if (_options.Tls is null && _options.PollThreads > 0 && Polling.PollLoop.IsSupported)
            _loops = [.. Enumerable.Range(1, _options.PollThreads).Select(n => new Polling.PollLoop($"sala-registry-poll-{n}", ex => _log.PollWorkFailed($"poll loop {n}", ex)))];
        var shortest = Math.Min(_options.IdleTimeout.Ticks, _options.LineTimeout.Ticks);
        var sweepPeriod = TimeSpan.FromTicks(Math.Min(shortest / 4, TimeSpan.TicksPerSecond));
        _idleSweep = _time.CreateTimer(_ => CloseStuckConnections(), null, sweepPeriod, sweepPeriod);
        _acceptLoop = AcceptLoopAsync(listener);
        _listening = _relay?.ListenAsync(_options.ServerId, _router.DeliverForwarded);
    }

    /// <summary><see cref="Start"/>, then waits until messages forwarded by other servers reach this one.</summary>
    public async Task StartAsync()
    {
        Start();
        if (_listening is not null)
            await _listening;
    }

    public async Task StopAsync()
    {
        if (_listener is null)
            return;
        await _stopping.CancelAsync();
        _listener.Dispose();
        if (_idleSweep is not null)
            await _idleSweep.DisposeAsync();
        await StopListeningAsync();
        foreach (var connection in _connections.Values)
            connection.CloseForShutdown();
        if (_acceptLoop is not null)
            await _acceptLoop;
        await Task.WhenAll(_connections.Values.Select(c => c.Completion));
        foreach (var loop in _loops)
            loop.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
        _metrics.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection reset before it was accepted, or descriptors exhausted: keep serving the others.
                _log.AcceptFailed(ex.SocketErrorCode, ex);
                continue;
            }
            Accept(socket);
        }
    }

    private void Accept(Socket socket)
    {
        socket.NoDelay = true;
        var source = (socket.RemoteEndPoint as IPEndPoint)?.Address;
        if (!TryAdmit(socket, source))
            return;
        var id = Interlocked.Increment(ref _nextConnectionId);
        var owner = new RegistrationOwner(_options.ServerId, id);
        IClientConnection connection;
        if (_loops.Length > 0)
        {
            var loop = _loops[(int)((uint)Interlocked.Increment(ref _nextLoop) % _loops.Length)];
            var polled = new Polling.PolledConnection(socket, loop, owner, _store, _time, _log, _options, _router, _metrics, _stopping.Token);
            _connections[id] = connection = polled;
            _log.Connected(connection.Remote, id);
            polled.Start();
        }
        else
        {
            var awaited = new RegistryConnection(socket, owner, _store, _time, _log, _options, _router, _metrics);
            _connections[id] = connection = awaited;
            _log.Connected(connection.Remote, id);
            awaited.Start(_stopping.Token);
        }
        _ = connection.Completion.ContinueWith(
            _ =>
            {
                _connections.TryRemove(id, out var _);
                Release(source);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task StopListeningAsync()
    {
        if (_listening is null)
            return;
        try
        {
            await (await _listening).DisposeAsync();
        }
        catch (Exception ex) when (ex is RegistryStoreUnavailableException or InvalidOperationException)
        {
            _log.StopListeningFailed(ex);
        }
    }

    private void CloseStuckConnections()
    {
        _router.Sweep();
        foreach (var connection in _connections.Values)
        {
            if (connection.IdleFor() > _options.IdleTimeout)
                connection.Close($"idle for more than {_options.IdleTimeout.TotalSeconds:0.###} s");
            else if (connection.PartialLineFor() > _options.LineTimeout)
                connection.Close($"{(connection.Handshaking ? "TLS handshake" : "line")} unfinished for more than {_options.LineTimeout.TotalSeconds:0.###} s", limitHit: true);
        }
    }
}
