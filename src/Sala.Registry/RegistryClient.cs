using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Sala.Protocol.Identity;
using Sala.Protocol.Registry;
using Sala.Registry.Tls;

namespace Sala.Registry;

/// <summary>
/// Talks to a registry server over one TCP connection: one request at a time, each with a timeout, and a PING
/// whenever the connection has been quiet for <see cref="RegistryClientOptions.KeepAliveInterval"/>. A reader runs
/// all the time, so a connection the server closes or resets, or a <c>BYE SHUTDOWN</c> it sends, completes
/// <see cref="Closed"/> at once, not at the next request. Texts other users send this one arrive on
/// <see cref="Messages"/>; other lines no request asked for are ignored. A <c>tls://</c> address is reached over TLS,
/// its certificate checked as <see cref="RegistryCertificateCheck"/> says.
/// </summary>
public sealed class RegistryClient : IAsyncDisposable
{
    /// <summary>Replies are lines of at most 512 bytes, like requests: a server that sends longer ones is not one.</summary>
    private const int ReceiveBufferSize = 4096;

    /// <summary>Messages kept for a reader that does not keep up; the oldest go first (a stale call offer is worthless).</summary>
    public const int MessageCapacity = 64;

    private readonly Socket _socket;

    /// <summary>Over <see cref="_socket"/>, which it owns: a NetworkStream, or the TLS session.</summary>
    private readonly Stream _stream;
    private readonly RegistryClientOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ITimer _keepAlive;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _reading;
    private readonly Channel<RelayedMessage> _messages = Channel.CreateBounded<RelayedMessage>(
        new BoundedChannelOptions(MessageCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });
    private PendingReply? _pending;
    private bool _disposed;
    private string? _broken;

    private RegistryClient(
        Socket socket, Stream stream, RegistryServerCertificate? certificate, RegistryAddress server, RegistryClientOptions options, TimeProvider time)
    {
        _socket = socket;
        _stream = stream;
        Certificate = certificate;
        _options = options;
        _time = time;
        Server = server;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _reading = Task.Run(ReadLoopAsync);
        _keepAlive = time.CreateTimer(_ => _ = KeepAliveAsync(), null, options.KeepAliveInterval, options.KeepAliveInterval);
    }

    public RegistryAddress Server { get; }

    /// <summary>The certificate of a TLS registry and why it was accepted; null over plain TCP.</summary>
    public RegistryServerCertificate? Certificate { get; }

    /// <summary>The local address of the connection: the address the server sees this client on.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Completes, with a one-line reason, when the connection is lost: closed or reset by the server, told
    /// <c>BYE SHUTDOWN</c>, a request or keepalive unanswered in time, or this client disposed.
    /// </summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>
    /// Texts other users sent to the name this connection registered (<c>MSG</c>), in order of arrival; bounded, the
    /// oldest dropped when <see cref="MessageCapacity"/> wait unread. Completes when the connection is lost.
    /// </summary>
    public ChannelReader<RelayedMessage> Messages => _messages.Reader;

    /// <summary>True when the server said it was shutting down before it closed the connection.</summary>
    public bool ServerShutDown { get; private set; }

    public static async Task<RegistryClient> ConnectAsync(
        RegistryAddress server, RegistryClientOptions? options = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= new RegistryClientOptions();
        time ??= TimeProvider.System;
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, linked.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            var cause = ex is SocketException se ? Describe(se) : $"no answer within {options.ConnectTimeout.TotalSeconds:0.#} s";
            throw new RegistryUnavailableException($"cannot reach the registry at {server}: {cause}", ex);
        }
        if (!server.Tls)
            return new RegistryClient(socket, new NetworkStream(socket, ownsSocket: true), null, server, options, time);
        try
        {
            var (stream, certificate) = await RegistryTlsClient.AuthenticateAsync(socket, server, options.CertificatePins, linked.Token);
            return new RegistryClient(socket, stream, certificate, server, options, time);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RegistryUnavailableException(
                $"no TLS session with the registry at {server}: no handshake within {options.ConnectTimeout.TotalSeconds:0.#} s", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Registers <paramref name="name"/> at the address; an <see cref="ArgumentException"/> with the server's reason,
    /// before anything is sent, for a name or port the server would refuse.
    /// </summary>
    public async Task<RegisterOutcome> RegisterAsync(string name, IPAddress address, int port, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var request = RegistryRequest.Register(Normalized(name), address, port);
        // Checked before the NONCE is asked for, so a bad name costs no round trip.
        var line = RegistryRequestWriter.ToLine(request);
        if (_options.Identity is { } identity)
        {
            var nonce = await NonceAsync(cancellationToken);
            var proof = RegistrationProof.Message(nonce, request.Name!, address, port);
            line = RegistryRequestWriter.ToLine(request with { IdentityKey = identity.PublicKey, Signature = identity.Sign(proof) });
        }
        var reply = await RequestAsync(line, cancellationToken);
        if (RegistryReplyParser.TryParseRegistered(reply, out _))
            return RegisterOutcome.Registered;
        return Error(reply)?.Code switch
        {
            RegistryErrorCode.NameTaken => RegisterOutcome.NameTaken,
            RegistryErrorCode.NameClaimed => RegisterOutcome.NameClaimed,
            _ => throw Unexpected(reply),
        };
    }

    /// <summary>
    /// Gives up the claim this client's identity holds on <paramref name="name"/> (<c>RELEASE</c>): from then on anyone
    /// may register it. <see cref="ReleaseOutcome.NotClaimed"/> when nobody holds it, <see cref="ReleaseOutcome.OtherKey"/>
    /// when another identity does.
    /// </summary>
    public async Task<ReleaseOutcome> ReleaseClaimAsync(string name, CancellationToken cancellationToken = default)
    {
        var identity = _options.Identity ?? throw new InvalidOperationException("releasing a claim takes the identity that holds it");
        name = Normalized(name);
        var nonce = await NonceAsync(cancellationToken);
        var signature = identity.Sign(RegistrationProof.ReleaseMessage(nonce, name));
        var reply = await RequestAsync(RegistryRequestWriter.ToLine(RegistryRequest.Release(name, identity.PublicKey, signature)), cancellationToken);
        if (RegistryReplyParser.TryParseReleased(reply, out _))
            return ReleaseOutcome.Released;
        return Error(reply)?.Code switch
        {
            RegistryErrorCode.NotFound => ReleaseOutcome.NotClaimed,
            RegistryErrorCode.NotOwner => ReleaseOutcome.OtherKey,
            _ => throw Unexpected(reply),
        };
    }

    /// <summary>The user's registration, or null when nobody by that name (in any letter case) is registered.</summary>
    public async Task<Registration?> LookupAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(RegistryRequestWriter.ToLine(RegistryRequest.Get(name)), cancellationToken);
        if (RegistryReplyParser.TryParseFound(reply, out var entry))
            return Registered(entry);
        if (Error(reply)?.Code == RegistryErrorCode.NotFound)
            return null;
        throw Unexpected(reply);
    }

    public async Task<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken = default)
    {
        var lines = await ExchangeAsync(RegistryRequestWriter.ToLine(RegistryRequest.List()), isList: true, cancellationToken);
        var header = lines[0];
        if (!RegistryReplyParser.TryParseListHeader(header, out var count) || count != lines.Count - 1)
            throw Unexpected(header);
        var users = new List<Registration>(count);
        foreach (var line in lines.Skip(1))
        {
            if (!RegistryReplyParser.TryParseEntry(line, out var entry))
                throw Unexpected(line);
            users.Add(Registered(entry));
        }
        return users;
    }

    /// <summary>Sends PING and returns the round-trip time.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var reply = await RequestAsync(RegistryRequestWriter.ToLine(RegistryRequest.Ping()), cancellationToken);
        if (!RegistryReplyParser.IsPong(reply))
            throw Unexpected(reply);
        return _time.GetElapsedTime(started);
    }

    /// <summary>Removes the registration; the server then closes the connection. False when this connection does not own it.</summary>
    public async Task<bool> DisconnectAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(RegistryRequestWriter.ToLine(RegistryRequest.Disconnect(name)), cancellationToken);
        if (RegistryReplyParser.IsDisconnected(reply))
            return true;
        if (Error(reply)?.Code == RegistryErrorCode.NotOwner)
            return false;
        throw Unexpected(reply);
    }

    /// <summary>
    /// Relays <paramref name="text"/> (at most <see cref="MessageLine.MaxTextBytes"/> bytes of UTF-8, one line) to the
    /// user <paramref name="to"/>, who gets it on its <see cref="Messages"/>. This connection must have registered a name.
    /// A text or name the server would refuse, or a line too long for it, is an <see cref="ArgumentException"/>.
    /// </summary>
    public async Task<SendOutcome> SendAsync(string to, string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(text);
        var reply = await RequestAsync(RegistryRequestWriter.ToLine(RegistryRequest.Send(to, text)), ct);
        if (RegistryReplyParser.TryParseSent(reply, out _))
            return SendOutcome.Sent;
        return Error(reply)?.Code switch
        {
            RegistryErrorCode.NotFound => SendOutcome.NotFound,
            RegistryErrorCode.RateLimited => SendOutcome.RateLimited,
            RegistryErrorCode.NotRegistered => SendOutcome.NotRegistered,
            _ => throw Unexpected(reply),
        };
    }

    /// <summary>Credentials for the registry's TURN relay, or null when the server has none configured.</summary>
    public async Task<TurnCredentials?> GetTurnCredentialsAsync(CancellationToken ct = default)
    {
        var reply = await RequestAsync(RegistryRequestWriter.ToLine(RegistryRequest.Turn()), ct);
        if (RegistryReplyParser.TryParseTurn(reply, out var credentials))
            return credentials;
        if (Error(reply)?.Code == RegistryErrorCode.NotFound)
            return null;
        throw Unexpected(reply);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        await _keepAlive.DisposeAsync();
        await _disposing.CancelAsync();
        Break(new RegistryUnavailableException("the registry connection was closed by this client"));
        await _reading;
        _disposing.Dispose();
    }

    private async Task<byte[]> RequestAsync(byte[] line, CancellationToken cancellationToken) =>
        (await ExchangeAsync(line, isList: false, cancellationToken))[0];

    /// <summary>
    /// Sends one request and waits for its reply, alone on the connection. A request that times out or is cancelled
    /// leaves its reply in flight, so the connection is closed rather than read out of step.
    /// </summary>
    private async Task<IReadOnlyList<byte[]>> ExchangeAsync(byte[] line, bool isList, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _oneAtATime.WaitAsync(cancellationToken);
        var pending = new PendingReply(isList);
        try
        {
            lock (_gate)
            {
                if (_broken is not null)
                    throw new RegistryUnavailableException(_broken);
                _pending = pending;
            }
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await WriteLineAsync(line, linked.Token);
                return await pending.Reply.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Break(new RegistryUnavailableException(
                    $"the registry at {Server} did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s", ex));
            }
            catch (OperationCanceledException)
            {
                Break(new RegistryUnavailableException("a registry request was cancelled"));
                throw;
            }
            catch (RegistryUnavailableException ex)
            {
                throw Break(ex);
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_pending == pending)
                    _pending = null;
            }
            _oneAtATime.Release();
        }
    }

    /// <summary>Marks the connection broken (the first reason wins), closes it and fails the request waiting, if any.</summary>
    private RegistryUnavailableException Break(RegistryUnavailableException ex)
    {
        PendingReply? pending;
        lock (_gate)
        {
            _broken ??= ex.Message;
            pending = _pending;
            _pending = null;
        }
        _socket.Close();
        _messages.Writer.TryComplete();
        pending?.Fail(new RegistryUnavailableException(_broken, ex));
        _closed.TrySetResult(_broken);
        return ex;
    }

    private async Task WriteLineAsync(byte[] line, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(line, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            throw Lost(ex);
        }
    }

    /// <summary>Reads lines (capped at 512 bytes before scanning) for as long as the connection lives.</summary>
    private async Task ReadLoopAsync()
    {
        var buffer = new byte[ReceiveBufferSize];
        var pending = 0;
        try
        {
            while (true)
            {
                var received = await _stream.ReadAsync(buffer.AsMemory(pending), _disposing.Token);
                if (received == 0)
                {
                    Break(new RegistryUnavailableException($"the registry at {Server} closed the connection"));
                    return;
                }
                var lines = new ReadOnlySequence<byte>(buffer, 0, pending + received);
                while (true)
                {
                    var status = RegistryLineFramer.TryReadLine(ref lines, out var line);
                    if (status == LineStatus.NeedMoreData)
                        break;
                    if (status == LineStatus.TooLong)
                    {
                        Break(new RegistryUnavailableException($"the registry at {Server} sent a line longer than {RegistryLineFramer.MaxLineBytes} bytes"));
                        return;
                    }
                    if (!Dispatch(line.IsSingleSegment ? line.FirstSpan : line.ToArray()))
                        return;
                }
                pending = (int)lines.Length;
                if (pending > 0)
                    lines.CopyTo(buffer);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            Break(Lost(ex));
        }
        finally
        {
            // Frees a TLS session's native state; the socket under it is closed by now (Break).
            await _stream.DisposeAsync();
        }
    }

    /// <summary>Hands a line to the request it answers; false when the server said goodbye.</summary>
    private bool Dispatch(ReadOnlySpan<byte> line)
    {
        PendingReply? pending;
        lock (_gate)
            pending = _pending;
        if (pending is { InBody: true })
        {
            pending.Add(line.ToArray());
            return true;
        }
        switch (RegistryReplyParser.Classify(line))
        {
            case RegistryLineKind.Shutdown:
                ServerShutDown = true;
                Break(new RegistryUnavailableException($"the registry at {Server} is shutting down"));
                return false;
            case RegistryLineKind.Reply when pending is null && Error(line) is { Code: RegistryErrorCode.Busy } busy:
                // A full server says so as soon as it accepts, then closes: keep its reason rather than "closed".
                Break(new RegistryUnavailableException($"the registry at {Server} is busy: {busy.Reason}"));
                return false;
            case RegistryLineKind.Reply:
                // A reply nobody waits for is one that timed out.
                pending?.Add(line.ToArray());
                return true;
            case RegistryLineKind.Message when RegistryReplyParser.TryParseMessage(line, out var from, out var text):
                _messages.Writer.TryWrite(new RelayedMessage(from, text));
                return true;
            default:
                // Unsolicited lines of other kinds are for newer clients.
                return true;
        }
    }

    private async Task KeepAliveAsync()
    {
        if (_oneAtATime.CurrentCount == 0)
            return;
        try
        {
            await PingAsync();
        }
        catch (Exception)
        {
            // A keepalive unanswered in time has broken the connection, and Closed says so; RegistrySession reconnects.
        }
    }

    private RegistryUnavailableException Lost(Exception ex) =>
        new($"lost the connection to the registry at {Server}: {(ex as SocketException ?? ex.InnerException as SocketException)?.SocketErrorCode.ToString() ?? ex.Message}", ex);

    private Exception Unexpected(ReadOnlySpan<byte> reply) => Error(reply) switch
    {
        // The server is up but its shared store is not: the connection stays usable and a later request may succeed.
        { Code: RegistryErrorCode.Unavailable } e => new RegistryUnavailableException($"the registry at {Server} is unavailable: {e.Reason}"),
        { Code: RegistryErrorCode.Busy } e => new RegistryUnavailableException($"the registry at {Server} is busy: {e.Reason}"),
        { Code: RegistryErrorCode.RateLimited } e => new RegistryUnavailableException($"the registry at {Server} asks to slow down: {e.Reason}"),
        { Code: RegistryErrorCode.BadRequest } e => new RegistryProtocolException($"the registry refused the request: {e.Reason}"),
        { Code: RegistryErrorCode.NotRegistered } e => new RegistryProtocolException($"the registry at {Server} asks to register a name first: {e.Reason}"),
        _ => new RegistryProtocolException($"unexpected reply from the registry at {Server}: {Encoding.UTF8.GetString(reply)}"),
    };

    private static RegistryError? Error(ReadOnlySpan<byte> reply) =>
        RegistryReplyParser.TryParseError(reply, out var error) ? error : null;

    private async Task<byte[]> NonceAsync(CancellationToken cancellationToken)
    {
        var reply = await RequestAsync(RegistryRequestWriter.ToLine(RegistryRequest.Nonce()), cancellationToken);
        return RegistryReplyParser.TryParseNonce(reply, out var nonce) ? nonce : throw Unexpected(reply);
    }

    /// <summary>The name the proof signs is the one the server reads: NFC; a name that is none is refused by the writer.</summary>
    private static string Normalized(string name) => UserName.TryNormalize(name, out var normalized, out _) ? normalized : name;

    private static Registration Registered(RegistryEntry entry) =>
        new(entry.Name, entry.Address, entry.Port) { Identity = entry.Identity };

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (is `sala server` running there?)",
        SocketError.HostNotFound or SocketError.NoData => "unknown host",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to the host",
        _ => ex.Message,
    };
}
