using System.Net;
using System.Threading.Channels;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// A registry connection that outlives the registry's outages: when the connection is lost (reset or closed at once,
/// a silent server through an unanswered PING within the keepalive interval plus the request timeout, or a
/// <c>BYE SHUTDOWN</c>) it says so on <see cref="Events"/>, reconnects with capped exponential backoff and jitter,
/// and registers the name it held again by itself, or reports that someone took it meanwhile.
/// </summary>
public sealed class RegistrySession : IAsyncDisposable
{
    private readonly RegistrySessionOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<RegistrySessionEvent> _events = Channel.CreateUnbounded<RegistrySessionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Task _supervising;
    private readonly Channel<RelayedMessage> _messages = Channel.CreateBounded<RelayedMessage>(
        new BoundedChannelOptions(RegistryClient.MessageCapacity) { FullMode = BoundedChannelFullMode.DropOldest });
    private RegistryClient? _client;
    private HeldName? _held;
    private bool _disposed;

    private RegistrySession(RegistryClient client, RegistrySessionOptions options, TimeProvider time)
    {
        _client = client;
        _options = options;
        _time = time;
        Server = client.Server;
        LocalEndPoint = client.LocalEndPoint;
        Certificate = client.Certificate;
        _supervising = Task.Run(() => SuperviseAsync(client));
        _ = ForwardMessagesAsync(client);
    }

    public RegistryAddress Server { get; }

    /// <summary>The local address of the first connection: the address the server saw this client on.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The TLS registry's certificate as the first connection accepted it; null over plain TCP.</summary>
    public Tls.RegistryServerCertificate? Certificate { get; }

    /// <summary>Lost, reconnect failed, restored, name taken meanwhile; in order, never blocking the session.</summary>
    public ChannelReader<RegistrySessionEvent> Events => _events.Reader;

    /// <summary>
    /// Texts other users sent to this session's name, from every connection it has had: one reader for the session's
    /// life, bounded like <see cref="RegistryClient.Messages"/>. Completes when the session is disposed.
    /// </summary>
    public ChannelReader<RelayedMessage> Messages => _messages.Reader;

    public bool IsConnected
    {
        get
        {
            lock (_gate)
                return _client is not null;
        }
    }

    /// <summary>The name this session registered and keeps registered, or null.</summary>
    public string? RegisteredName
    {
        get
        {
            lock (_gate)
                return _held?.Name;
        }
    }

    /// <summary>Connects for the first time; throws <see cref="RegistryUnavailableException"/> when the registry cannot be reached.</summary>
    public static async Task<RegistrySession> ConnectAsync(
        RegistryAddress server, RegistrySessionOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options ??= new RegistrySessionOptions();
        time ??= TimeProvider.System;
        var client = await RegistryClient.ConnectAsync(server, options.Client, time, cancellationToken);
        return new RegistrySession(client, options, time);
    }

    /// <summary>Registers <paramref name="name"/>; once registered, the session registers it again after every reconnection.</summary>
    public async Task<RegisterOutcome> RegisterAsync(string name, IPAddress address, int port, CancellationToken cancellationToken = default)
    {
        var outcome = await Current().RegisterAsync(name, address, port, cancellationToken);
        if (outcome == RegisterOutcome.Registered)
        {
            lock (_gate)
                _held = new HeldName(name, address, port);
        }
        return outcome;
    }

    public Task<Registration?> LookupAsync(string name, CancellationToken cancellationToken = default) =>
        Current().LookupAsync(name, cancellationToken);

    public Task<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken = default) =>
        Current().ListAsync(cancellationToken);

    /// <inheritdoc cref="RegistryClient.SendAsync"/>
    public Task<SendOutcome> SendAsync(string to, string text, CancellationToken ct = default) =>
        Current().SendAsync(to, text, ct);

    /// <inheritdoc cref="RegistryClient.GetTurnCredentialsAsync"/>
    public Task<TurnCredentials?> GetTurnCredentialsAsync(CancellationToken ct = default) =>
        Current().GetTurnCredentialsAsync(ct);

    /// <summary>Stops reconnecting and removes the registration (DISCONNECT); false when this session does not own it.</summary>
    public async Task<bool> DisconnectAsync(string name, CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync();
        lock (_gate)
            _held = null;
        return await Current().DisconnectAsync(name, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        await _stopping.CancelAsync();
        RegistryClient? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
        }
        if (client is not null)
            await client.DisposeAsync();
        await _supervising;
        _events.Writer.TryComplete();
        _messages.Writer.TryComplete();
        _stopping.Dispose();
    }

    private RegistryClient Current()
    {
        lock (_gate)
        {
            return _client ?? throw new RegistryUnavailableException(
                $"the connection to the registry at {Server} is down; reconnecting");
        }
    }

    private async Task SuperviseAsync(RegistryClient client)
    {
        var stopping = _stopping.Token;
        while (true)
        {
            var reason = await client.Closed;
            if (stopping.IsCancellationRequested)
                return;
            lock (_gate)
                _client = null;
            await client.DisposeAsync();
            _events.Writer.TryWrite(new RegistryConnectionLost(reason, client.ServerShutDown));
            var next = await ReconnectAsync(stopping);
            if (next is null)
                return;
            client = next;
        }
    }

    /// <summary>Tries until connected (and registered again, or told the name is taken); null once stopping.</summary>
    private async Task<RegistryClient?> ReconnectAsync(CancellationToken stopping)
    {
        var delay = ReconnectBackoff.Delay(0, _options);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.Delay(delay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            RegistryClient? client = null;
            try
            {
                client = await RegistryClient.ConnectAsync(Server, _options.Client, _time, stopping);
                HeldName? held;
                lock (_gate)
                    held = _held;
                var taken = held is not null
                    && await client.RegisterAsync(held.Name, held.Address, held.Port, stopping) != RegisterOutcome.Registered;
                lock (_gate)
                {
                    stopping.ThrowIfCancellationRequested();
                    if (taken)
                        _held = null;
                    _client = client;
                }
                _ = ForwardMessagesAsync(client);
                _events.Writer.TryWrite(taken ? new RegistryNameTakenMeanwhile(held!.Name) : new RegistryRestored(held?.Name));
                return client;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                if (client is not null)
                    await client.DisposeAsync();
                return null;
            }
            catch (Exception ex) when (ex is RegistryUnavailableException or RegistryProtocolException)
            {
                if (client is not null)
                    await client.DisposeAsync();
                delay = ReconnectBackoff.Delay(attempt, _options);
                _events.Writer.TryWrite(new RegistryReconnectFailed(attempt, ex.Message, delay));
            }
        }
    }

    /// <summary>Moves one connection's messages into the session's channel until that connection is lost.</summary>
    private async Task ForwardMessagesAsync(RegistryClient client)
    {
        await foreach (var message in client.Messages.ReadAllAsync(CancellationToken.None))
            _messages.Writer.TryWrite(message);
    }

    private sealed record HeldName(string Name, IPAddress Address, int Port);
}
