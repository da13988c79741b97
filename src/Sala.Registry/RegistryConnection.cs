using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Sala.Protocol.Registry;
using Sala.Registry.Tls;

namespace Sala.Registry;

/// <summary>
/// One client connection on the runtime's asynchronous sockets (a TLS port, or where the server has no poll loop of
/// its own): reads lines, answers each in order (<see cref="ConnectionRequests"/>), and owns the names it registered,
/// which are released when it closes for whatever reason. Messages other connections SEND to it are queued (<see cref="MessageOutbox"/>)
/// and written between its replies, never inside one: every write to the socket holds <see cref="_sending"/>.
/// On a TLS port the connection first completes a TLS handshake, held to the line timeout as an unfinished line is.
/// </summary>
internal sealed class RegistryConnection : IClientConnection, IDisposable
{
    /// <summary>Room for several pipelined requests; a partial line left over is always shorter than MaxLineBytes.</summary>
    private const int ReceiveBufferSize = 4096;

    private readonly Socket _socket;
    private readonly RegistryTlsCertificate? _tls;
    private readonly ConnectionRequests _requests;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closing = new();
    private readonly MessageOutbox _outbox;

    /// <summary>One whole write at a time: a reply batch (a LIST with its body included) or a batch of MSG lines.</summary>
    private readonly SemaphoreSlim _sending = new(1, 1);
    private CancellationToken _running;
    private bool _serverStopping;
    private CancellationToken _serverStoppingToken;
    private bool _midReply;

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
        _time = time;
        _requests = new ConnectionRequests(socket.RemoteEndPoint?.ToString() ?? "?", owner, store, time, log, options, router, metrics);
        _outbox = new MessageOutbox(Math.Max(1, options.MessageQueueLength));
        // The handshake is timed as a line is: a client that opens one and never finishes it holds a slot no longer.
        if (_handshaking)
            _requests.StartTimingAsLine();
    }

    public string Remote => _requests.Remote;

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

    public TimeSpan IdleFor() => _requests.IdleFor();

    public TimeSpan PartialLineFor() => _requests.PartialLineFor();

    public void CloseForShutdown()
    {
        _serverStopping = true;
        Close("server stopping");
    }

    public void Close(string reason, bool limitHit = false)
    {
        _requests.CloseReason = reason;
        _requests.ClosedByLimit = limitHit;
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

    public DeliveryResult TryDeliver(string from, string text)
    {
        var result = _outbox.TryEnqueueMessage(from, text, out var startDraining);
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
            // The stop may cancel a request waiting for the store before CloseForShutdown gives the reason.
            if (_serverStoppingToken.IsCancellationRequested && !_closing.IsCancellationRequested)
                _requests.CloseReason = "server stopping";
            if ((_serverStopping || _serverStoppingToken.IsCancellationRequested) && !_midReply && !_handshaking)
                await SayGoodbyeAsync(reply);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            // A handshake cut short by Close (the line timeout) fails so too: the reason given to Close stands.
            if (!cancellationToken.IsCancellationRequested)
                _requests.CloseReason = ex is EndOfStreamException ? ex.Message : _handshaking ? $"TLS handshake failed: {ex.Message}" : "connection lost";
        }
        finally
        {
            _outbox.Close();
            await _requests.ReleaseNamesAsync();
            reply.Dispose();
            if (_session is not null)
                await _session.DisposeAsync();
            _socket.Dispose();
            Dispose();
            _requests.LogClosed();
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
                while (!close)
                {
                    var step = _requests.Next(ref lines, reply, out var line);
                    if (step == LineStep.NeedMoreData)
                        break;
                    if (step == LineStep.TooLong)
                        close = true;
                    else if (step == LineStep.RateLimited)
                        limited = true;
                    else
                        close = await _requests.HandleAsync(line, reply, cancellationToken);
                }
                // Keep the start of an unfinished line (under MaxLineBytes, else TooLong above) at the buffer's head.
                pending = (int)lines.Length;
                if (pending > 0)
                    lines.CopyTo(buffer);
                _requests.ReadDone(pending);
                if (reply.Length > 0)
                    await SendWholeAsync(reply, cancellationToken);
                if (close)
                    return;
                if (limited)
                {
                    // Backpressure: read nothing more until a request would be allowed, so a flooding client fills
                    // its own socket buffers instead of the server's time (the others are not slowed).
                    await Task.Delay(_requests.UntilNextRequest, _time, cancellationToken);
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
            _requests.CloseReason = "plain text on the TLS port";
            return false;
        }
        _session = session;
        Volatile.Write(ref _handshaking, false);
        _requests.StopTimingAsLine();
        return true;
    }
}
