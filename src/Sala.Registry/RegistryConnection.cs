using System.Buffers;
using System.Net.Sockets;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// One client connection: reads lines, answers each in order, and owns the names it registered, which are released
/// when it closes for whatever reason.
/// </summary>
internal sealed class RegistryConnection : IDisposable
{
    /// <summary>Room for several pipelined requests; a partial line left over is always shorter than MaxLineBytes.</summary>
    private const int ReceiveBufferSize = 4096;

    private readonly Socket _socket;
    private readonly RegistrationOwner _owner;
    private readonly IRegistryStore _store;
    private readonly TimeProvider _time;
    private readonly IRegistryLog _log;
    private readonly RegistryRequestHandler _handler;
    private readonly CancellationTokenSource _closing = new();
    private long _lastRequestTimestamp;
    private string _closeReason = "connection closed by client";

    public RegistryConnection(Socket socket, RegistrationOwner owner, IRegistryStore store, TimeProvider time, IRegistryLog log)
    {
        _socket = socket;
        _owner = owner;
        _store = store;
        _time = time;
        _log = log;
        _handler = new RegistryRequestHandler(store, owner, log.IsEnabled);
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
        _lastRequestTimestamp = time.GetTimestamp();
    }

    public string Remote { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(CancellationToken serverStopping)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _closing.Token);
        Completion = Task.Run(async () =>
        {
            using (linked)
                await RunAsync(linked.Token);
        }, CancellationToken.None);
    }

    public TimeSpan IdleFor() => _time.GetElapsedTime(Interlocked.Read(ref _lastRequestTimestamp));

    public void Close(string reason)
    {
        _closeReason = reason;
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

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var reply = new ReplyBuffer();
        try
        {
            await ServeAsync(reply, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
            _closeReason = "connection lost";
        }
        finally
        {
            await ReleaseNamesAsync();
            reply.Dispose();
            _socket.Dispose();
            Dispose();
            if (_log.IsEnabled)
                _log.Write($"{Remote} disconnected (#{_owner.ConnectionId}): {_closeReason}");
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
                    await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                }
                buffer ??= ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                var received = await _socket.ReceiveAsync(buffer.AsMemory(pending), SocketFlags.None, cancellationToken);
                if (received == 0)
                    return;
                var lines = new ReadOnlySequence<byte>(buffer, 0, pending + received);
                var close = false;
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
                        close = true;
                        break;
                    }
                    Interlocked.Exchange(ref _lastRequestTimestamp, _time.GetTimestamp());
                    close = await HandleLineAsync(line, reply, cancellationToken);
                }
                // Keep the start of an unfinished line (under MaxLineBytes, else TooLong above) at the buffer's head.
                pending = (int)lines.Length;
                if (pending > 0)
                    lines.CopyTo(buffer);
                if (reply.Length > 0)
                {
                    await _socket.SendAsync(reply.Written, SocketFlags.None, cancellationToken);
                    reply.Dispose();
                }
                if (close)
                    return;
            }
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<bool> HandleLineAsync(ReadOnlySequence<byte> line, ReplyBuffer writer, CancellationToken cancellationToken)
    {
        var parsed = Parse(line);
        var outcome = await _handler.HandleAsync(parsed, writer, cancellationToken);
        if (_log.IsEnabled)
            _log.Write($"{Remote} {outcome.Summary}");
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
                if (_log.IsEnabled)
                    _log.Write($"{Remote} released {name}");
            }
            catch (Exception ex)
            {
                _log.Write($"{Remote} could not release {name}: {ex.Message}");
            }
        }
    }
}
