using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Sala.Protocol.Registry;
using Sala.Protocol.Limits;
using Sala.Registry.Tls;

namespace Sala.Registry;

/// <summary>
/// One client connection: reads lines, answers each in order, and owns the names it registered, which are released
/// when it closes for whatever reason. Messages other connections SEND to it are queued (<see cref="MessageOutbox"/>)
/// and written between its replies, never inside one: every write to the socket holds <see cref="_sending"/>.
/// On a TLS port the connection first completes a TLS handshake, held to the line timeout as an unfinished line is.
/// </summary>
internal sealed class RegistryConnection : IDisposable
{
    /// <summary>Room for several pipelined requests; a partial line left over is always shorter than MaxLineBytes.</summary>
    private const int ReceiveBufferSize = 4096;

    private readonly Socket _socket;
    private readonly RegistryTlsCertificate? _tls;
    private readonly RegistrationOwner _owner;
    private readonly IRegistryStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly RegistryRequestHandler _handler;
    private readonly CancellationTokenSource _closing = new();
    private readonly TokenBucket? _rate;
    private readonly double _requestRate;
    private readonly MessageOutbox _outbox;
    private readonly RegistryMetrics _metrics;

    /// <summary>One whole write at a time: a reply batch (a LIST with its body included) or a batch of MSG lines.</summary>
    private readonly SemaphoreSlim _sending = new(1, 1);
    private CancellationToken _running;
    private long _lastRequestTimestamp;

    /// <summary>When the unfinished line at the buffer's head began (0: none), for the slowloris defence.</summary>
    private long _partialLineSince;
    private long _rateLimited;
    private bool _serverStopping;
    private CancellationToken _serverStoppingToken;
    private bool _midReply;
    private string _closeReason = "connection closed by client";
    private bool _closedByLimit;

    /// <summary>
    /// The TLS session over the socket once its handshake is done; null on a plain port, where the socket itself is
    /// read and written as before TLS existed: no stream object per held connection, no extra hop per request.
    /// </summary>
    private SslStream? _session;
    private bool _handshaking;

    public RegistryConnection(
        Socket socket, RegistrationOwner owner, IRegistryStore store, TimeProvider time, ILogger log, RegistryServerOptions options,
        MessageRouter router, RegistryMetrics metrics)
    {
        _socket = socket;
        _tls = options.Tls;
        _handshaking = _tls is not null;
        _owner = owner;
        _store = store;
        _time = time;
        _log = log;
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
        _metrics = metrics;
        _handler = new RegistryRequestHandler(store, owner, log, Remote, router, metrics, options.NameClaims!);
        _outbox = new MessageOutbox(Math.Max(1, options.MessageQueueLength));
        _requestRate = options.RequestsPerSecond;
        _rate = options.RequestsPerSecond > 0 ? new TokenBucket(time, options.RequestsPerSecond, Math.Max(1, options.RequestBurst)) : null;
        _lastRequestTimestamp = time.GetTimestamp();
        // The handshake is timed as a line is: a client that opens one and never finishes it holds a slot no longer.
        if (_handshaking)
            _partialLineSince = _lastRequestTimestamp;
    }

    public string Remote { get; }

    /// <summary>Requests answered <c>ERR RATE_LIMITED</c> on this connection.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>True until the TLS handshake of a TLS port is done.</summary>
    public bool Handshaking => Volatile.Read(ref _handshaking);

    public void Start(CancellationToken serverStopping)
    {
        _serverStoppingToken = serverStopping;
        var linked = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _closing.Token);
        _running = linked.Token;
        Completion = Task.Run(async () =>
        {
            using (linked)
                await RunAsync(linked.Token);
        }, CancellationToken.None);
    }

    public TimeSpan IdleFor() => _time.GetElapsedTime(Interlocked.Read(ref _lastRequestTimestamp));

    /// <summary>How long the line now being received has been unfinished (zero when none is).</summary>
    public TimeSpan PartialLineFor()
    {
        var since = Interlocked.Read(ref _partialLineSince);
        return since == 0 ? TimeSpan.Zero : _time.GetElapsedTime(since);
    }

    /// <summary>Closes the connection because the server stops: the client is told so (<c>BYE SHUTDOWN</c>) first.</summary>
    public void CloseForShutdown()
    {
        _serverStopping = true;
        Close("server stopping");
    }

    /// <summary><paramref name="limitHit"/>: closed by an abuse limit (a line too long or left unfinished), logged at Warning.</summary>
    public void Close(string reason, bool limitHit = false)
    {
        _closeReason = reason;
        _closedByLimit = limitHit;
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public void Dispose() => _closing.Dispose();

    /// <summary>
    /// Queues <c>MSG &lt;from&gt; &lt;text&gt;</c> for this connection and returns at once: the caller is another
    /// connection's request, which must never wait for this client to read.
    /// </summary>
    public DeliveryResult TryDeliver(string from, string text)
    {
        var line = new ArrayBufferWriter<byte>(RegistryLineFramer.MaxLineBytes);
        RegistryReplyWriter.Message(line, from, text);
        var result = _outbox.TryEnqueue(line.WrittenSpan.ToArray(), out var startDraining);
        if (startDraining)
            _ = Task.Run(DrainOutboxAsync, CancellationToken.None);
        return result;
    }

    private async Task DrainOutboxAsync()
    {
        var lines = new List<byte[]>();
        var batch = new ReplyBuffer();
        try
        {
            while (_outbox.TryTakeAll(lines))
            {
                foreach (var line in lines)
                {
                    line.CopyTo(batch.GetSpan(line.Length));
                    batch.Advance(line.Length);
                }
                lines.Clear();
                await SendWholeAsync(batch, _running);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is closing; its own loop reports why.
            _outbox.Close();
        }
        finally
        {
            batch.Dispose();
        }
    }

    /// <summary>Sends what <paramref name="buffer"/> holds as one write, alone on the socket, and empties it.</summary>
    private async Task SendWholeAsync(ReplyBuffer buffer, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            _midReply = true;
            if (_session is null)
                await _socket.SendAsync(buffer.Written, SocketFlags.None, cancellationToken);
            else
                await _session.WriteAsync(buffer.Written, cancellationToken);
            _midReply = false;
        }
        finally
        {
            _sending.Release();
            buffer.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reply = new ReplyBuffer();
        try
        {
            if (_handshaking && !await HandshakeAsync(reply, cancellationToken))
                return;
            await ServeAsync(reply, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            if ((_serverStopping || _serverStoppingToken.IsCancellationRequested) && !_midReply && !_handshaking)
                await SayGoodbyeAsync(reply);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            // A handshake cut short by Close (the line timeout) fails so too: the reason given to Close stands.
            if (!cancellationToken.IsCancellationRequested)
                _closeReason = ex is EndOfStreamException ? ex.Message : _handshaking ? $"TLS handshake failed: {ex.Message}" : "connection lost";
        }
        finally
        {
            _outbox.Close();
            await ReleaseNamesAsync();
            reply.Dispose();
            if (_session is not null)
                await _session.DisposeAsync();
            _socket.Dispose();
            Dispose();
            if (_closedByLimit)
                _log.LimitClosed(Remote, _owner.ConnectionId, _closeReason);
            if (_rateLimited > 0)
                _log.DisconnectedAfterLimits(Remote, _owner.ConnectionId, _closeReason, _rateLimited);
            else
                _log.Disconnected(Remote, _owner.ConnectionId, _closeReason);
        }
    }

    /// <summary>
    /// Reads straight from the socket into a pooled buffer and answers every complete line in it with one send.
    /// While no partial line is pending the buffer goes back to the pool and the connection waits for data with a
    /// zero-byte read, so an idle connection holds no buffer at all (what lets one server hold tens of thousands).
    /// </summary>
    private async Task ServeAsync(ReplyBuffer reply, CancellationToken cancellationToken)
    {
        byte[]? buffer = null;
        var pending = 0;
        try
        {
            while (true)
            {
                if (pending == 0)
                {
                    if (buffer is not null)
                        ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                    // An SslStream takes a zero-byte read as the socket does, and returns its own buffer meanwhile.
                    if (_session is null)
                        await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                    else
                        _ = await _session.ReadAsync(Memory<byte>.Empty, cancellationToken);
                }
                buffer ??= ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                var received = _session is null
                    ? await _socket.ReceiveAsync(buffer.AsMemory(pending), SocketFlags.None, cancellationToken)
                    : await _session.ReadAsync(buffer.AsMemory(pending), cancellationToken);
                if (received == 0)
                    return;
                var lines = new ReadOnlySequence<byte>(buffer, 0, pending + received);
                var close = false;
                var limited = false;
                var completed = false;
                while (!close)
                {
                    var status = RegistryLineFramer.TryReadLine(ref lines, out var line);
                    if (status == LineStatus.NeedMoreData)
                        break;
                    if (status == LineStatus.TooLong)
                    {
                        RegistryReplyWriter.Error(reply, RegistryErrorCode.BadRequest,
                            $"line longer than {RegistryLineFramer.MaxLineBytes} bytes");
                        _closeReason = "line too long";
                        _closedByLimit = true;
                        close = true;
                        break;
                    }
                    completed = true;
                    Interlocked.Exchange(ref _lastRequestTimestamp, _time.GetTimestamp());
                    if (_rate is not null && !_rate.TryTake())
                    {
                        // Refused before parsing or touching the store: a flood costs this connection one short line each.
                        RegistryReplyWriter.Error(reply, RegistryErrorCode.RateLimited, "too many requests, slow down");
                        _metrics.RateLimited("requests");
                        if (Interlocked.Increment(ref _rateLimited) == 1)
                            _log.RequestRateLimited(Remote, _owner.ConnectionId, _requestRate);
                        limited = true;
                        continue;
                    }
                    close = await HandleLineAsync(line, reply, cancellationToken);
                }
                // Keep the start of an unfinished line (under MaxLineBytes, else TooLong above) at the buffer's head.
                pending = (int)lines.Length;
                if (pending > 0)
                    lines.CopyTo(buffer);
                // A line still unfinished began now if a line ended in this read, else when it was first seen.
                if (pending == 0)
                    Interlocked.Exchange(ref _partialLineSince, 0);
                else if (completed || Interlocked.Read(ref _partialLineSince) == 0)
                    Interlocked.Exchange(ref _partialLineSince, _time.GetTimestamp());
                if (reply.Length > 0)
                    await SendWholeAsync(reply, cancellationToken);
                if (close)
                    return;
                if (limited)
                {
                    // Backpressure: read nothing more until a request would be allowed, so a flooding client fills
                    // its own socket buffers instead of the server's time (the others are not slowed).
                    await Task.Delay(_rate!.UntilNextToken(), _time, cancellationToken);
                }
            }
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Best effort, within a second: a client that does not read is not waited for.</summary>
    private async Task SayGoodbyeAsync(ReplyBuffer reply)
    {
        try
        {
            reply.Dispose();
            // A MSG write cut off by the same cancellation would leave half a line: no goodbye after it.
            if (!await _sending.WaitAsync(TimeSpan.FromSeconds(1)) || _midReply)
                return;
            RegistryReplyWriter.Shutdown(reply);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            if (_session is null)
            {
                await _socket.SendAsync(reply.Written, SocketFlags.None, timeout.Token);
            }
            else
            {
                await _session.WriteAsync(reply.Written, timeout.Token);
                await _session.ShutdownAsync();
            }
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// The TLS handshake of a TLS port; false when the client spoke the plain protocol instead, which is then told, in
    /// plain text, to use TLS (what it sent is read first, so that closing does not reset the connection under the reply).
    /// </summary>
    private async Task<bool> HandshakeAsync(ReplyBuffer reply, CancellationToken cancellationToken)
    {
        var session = await RegistryTlsServer.AcceptAsync(_socket, _tls!, cancellationToken);
        if (session is null)
        {
            var discard = ArrayPool<byte>.Shared.Rent(RegistryLineFramer.MaxLineBytes);
            try
            {
                await _socket.ReceiveAsync(discard, SocketFlags.None, cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(discard);
            }
            RegistryReplyWriter.Error(reply, RegistryErrorCode.BadRequest, "this registry speaks TLS only: use tls://HOST:PORT as its address");
            await _socket.SendAsync(reply.Written, SocketFlags.None, cancellationToken);
            _socket.Shutdown(SocketShutdown.Send);
            _closeReason = "plain text on the TLS port";
            return false;
        }
        _session = session;
        Volatile.Write(ref _handshaking, false);
        Interlocked.Exchange(ref _partialLineSince, 0);
        return true;
    }

    private async ValueTask<bool> HandleLineAsync(ReadOnlySequence<byte> line, ReplyBuffer writer, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var parsed = Parse(line);
        var outcome = await _handler.HandleAsync(parsed, writer, cancellationToken);
        // Counted before the reply is sent: a client that has its answer finds it in the metrics.
        _metrics.RequestAnswered(RegistryMetrics.CommandTag(parsed.IsValid ? parsed.Request.Command : null), outcome.Result,
            _time.GetElapsedTime(started));
        _log.RequestHandled(Remote, outcome.Summary);
        if (outcome.CloseAfterReply)
            _closeReason = "disconnected by request";
        return outcome.CloseAfterReply;
    }

    private static RegistryParseResult Parse(ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
            return RegistryRequestParser.Parse(line.FirstSpan);
        Span<byte> copy = stackalloc byte[RegistryLineFramer.MaxLineBytes];
        line.CopyTo(copy);
        return RegistryRequestParser.Parse(copy[..(int)line.Length]);
    }

    private async Task ReleaseNamesAsync()
    {
        foreach (var name in _handler.OwnedNames)
        {
            try
            {
                await _store.RemoveIfOwnerAsync(name, _owner, CancellationToken.None);
                _log.Released(Remote, name);
            }
            catch (Exception ex)
            {
                _log.ReleaseFailed(Remote, name, ex);
            }
            finally
            {
                // Held by no connection of this server any more, whether or not the store heard of it (a lease expires).
                _metrics.Unregistered();
            }
        }
    }
}
