using System.Buffers;
using System.Net.Sockets;
using Sala.Protocol.Registry;
using static Sala.Registry.Polling.LinuxSockets;

namespace Sala.Registry.Polling;

/// <summary>
/// One plain-TCP client connection served by a <see cref="PollLoop"/>: read when epoll says it is readable, every
/// complete line answered (<see cref="ConnectionRequests"/>), the replies of one read sent with one <c>send</c>.
/// Everything here runs on the loop's thread, but for a request whose store lookup does not complete at once (Redis):
/// the connection then stops reading, keeps what it had not yet answered, and goes on when the store answers. Until
/// then only that request touches <see cref="_out"/>. A reply the client does not take at once is sent as it makes
/// room, and nothing more is read meanwhile, as <see cref="RegistryConnection"/> awaits its sends.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its pooled buffers go back when the connection finishes, on its loop; nothing else may touch them.")]
internal sealed class PolledConnection : IClientConnection
{
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly PollLoop _loop;
    private readonly ConnectionRequests _requests;
    private readonly MessageOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly CancellationToken _serverStopping;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action _drainOutbox;
    private readonly List<byte[]> _messages = [];

    /// <summary>Replies and MSG lines to send; <see cref="_sent"/> of them are sent. Pooled, and returned once all are.</summary>
    private readonly ReplyBuffer _out = new();
    private int _sent;

    /// <summary>The start of a line not yet ended, kept between reads (under MaxLineBytes).</summary>
    private byte[]? _unfinished;
    private int _unfinishedLength;

    /// <summary>What was received but not yet answered while a request waits for the store.</summary>
    private byte[]? _held;
    private int _heldLength;

    private ulong _token;
    private uint _interest;
    private bool _handling;

    /// <summary>A line of what is being answered was refused by the rate limit, even before a wait for the store.</summary>
    private bool _rateLimitedInRead;
    private bool _waitingForRate;
    private ITimer? _rateTimer;
    private bool _closeAfterSend;
    private bool _closeWhenHandled;
    private bool _serverStops;
    private bool _finished;

    public PolledConnection(
        Socket socket, PollLoop loop, RegistrationOwner owner, IRegistryStore store, TimeProvider time, Microsoft.Extensions.Logging.ILogger log,
        RegistryServerOptions options, MessageRouter router, RegistryMetrics metrics, CancellationToken serverStopping)
    {
        _socket = socket;
        socket.Blocking = false;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _loop = loop;
        _time = time;
        _serverStopping = serverStopping;
        _requests = new ConnectionRequests(socket.RemoteEndPoint?.ToString() ?? "?", owner, store, time, log, options, router, metrics);
        _outbox = new MessageOutbox(Math.Max(1, options.MessageQueueLength));
        _drainOutbox = DrainOutbox;
    }

    public string Remote => _requests.Remote;

    public Task Completion => _completion.Task;

    public bool Handshaking => false;

    private int Unsent => _out.Length - _sent;

    public TimeSpan IdleFor() => _requests.IdleFor();

    public TimeSpan PartialLineFor() => _requests.PartialLineFor();

    /// <summary>Starts watching the socket; from any thread.</summary>
    public void Start() => _loop.Post(() =>
    {
        if (_serverStopping.IsCancellationRequested)
        {
            StopsWithTheServer();
            Finish();
            return;
        }
        UpdateInterest();
    });

    public void Close(string reason, bool limitHit = false) => _loop.Post(() =>
    {
        if (_finished)
            return;
        _requests.CloseReason = reason;
        _requests.ClosedByLimit = limitHit;
        Finish();
    });

    public void CloseForShutdown() => _loop.Post(() =>
    {
        if (_finished)
            return;
        StopsWithTheServer();
        Finish();
    });

    public DeliveryResult TryDeliver(string from, string text)
    {
        var result = _outbox.TryEnqueueMessage(from, text, out var startDraining);
        if (startDraining)
            _loop.Post(_drainOutbox);
        return result;
    }

    /// <summary>What epoll reported for this socket; on the loop's thread.</summary>
    public void OnEvents(uint events)
    {
        try
        {
            if ((_interest & EpollOut) != 0)
                OnWritable();
            else if ((_interest & EpollIn) != 0)
                OnReadable();
        }
        catch (Exception ex)
        {
            // A fault here must cost this connection, never the loop and every other connection on it.
            FailedOrStopped(ex);
            _handling = false;
            Finish();
        }
    }

    private void OnReadable()
    {
        var buffer = _loop.ReadBuffer;
        var kept = _unfinishedLength;
        var received = Receive(_fd, buffer.AsSpan(kept));
        if (received == 0)
        {
            Finish();
            return;
        }
        if (received < 0)
        {
            if (LastError == Eagain)
                return;
            _requests.CloseReason = "connection lost";
            Finish();
            return;
        }
        if (_unfinished is not null)
        {
            _unfinished.AsSpan(0, kept).CopyTo(buffer);
            ArrayPool<byte>.Shared.Return(_unfinished);
            _unfinished = null;
            _unfinishedLength = 0;
        }
        Serve(new ReadOnlySequence<byte>(buffer, 0, kept + (int)received));
    }

    /// <summary>Answers every whole line in <paramref name="lines"/> and sends the replies, unless a request must wait for the store.</summary>
    private void Serve(ReadOnlySequence<byte> lines)
    {
        var close = false;
        while (!close)
        {
            var step = _requests.Next(ref lines, _out, out var line);
            if (step == LineStep.NeedMoreData)
                break;
            if (step == LineStep.TooLong)
            {
                close = true;
            }
            else if (step == LineStep.RateLimited)
            {
                _rateLimitedInRead = true;
            }
            else
            {
                var handling = _requests.HandleAsync(line, _out, _serverStopping);
                if (!handling.IsCompleted)
                {
                    WaitForStore(handling, lines);
                    return;
                }
                close = handling.GetAwaiter().GetResult();
            }
        }
        // After a line too long, what follows it is not read as requests.
        if (close)
            lines = ReadOnlySequence<byte>.Empty;
        KeepUnfinished(lines);
        _requests.ReadDone(lines.Length);
        var limited = _rateLimitedInRead;
        _rateLimitedInRead = false;
        AfterReplies(close, limited);
    }

    private void AfterReplies(bool close, bool limited)
    {
        if (!Send())
            return;
        if (close)
        {
            _closeAfterSend = true;
            if (Unsent == 0)
            {
                Finish();
                return;
            }
        }
        else if (limited)
        {
            WaitForRate();
        }
        UpdateInterest();
    }

    /// <summary>
    /// Keeps what follows the waiting request, stops reading, and goes on on the loop when the store answers. Replies
    /// already written wait in <see cref="_out"/> with the one to come, which the request writes from the store's thread.
    /// </summary>
    private void WaitForStore(ValueTask<bool> handling, ReadOnlySequence<byte> rest)
    {
        if (rest.Length > 0)
        {
            _held = ArrayPool<byte>.Shared.Rent((int)rest.Length);
            rest.CopyTo(_held);
            _heldLength = (int)rest.Length;
        }
        _handling = true;
        UpdateInterest();
        handling.AsTask().ContinueWith(
            static (answered, state) =>
            {
                var connection = (PolledConnection)state!;
                connection._loop.Post(() => connection.OnStoreAnswered(answered));
            },
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnStoreAnswered(Task<bool> answered)
    {
        _handling = false;
        try
        {
            // Faulted: the handler lets only the store's failures out, which it answers itself, so anything else is
            // the server's own fault.
            var close = answered.IsCompletedSuccessfully ? answered.Result : true;
            if (!answered.IsCompletedSuccessfully)
                FailedOrStopped(answered.Exception?.InnerException ?? new OperationCanceledException());
            if (_closeWhenHandled)
            {
                Finish();
                return;
            }
            DrainOutbox();
            if (_finished)
                return;
            var held = _held;
            var length = _heldLength;
            _held = null;
            _heldLength = 0;
            if (close)
            {
                if (held is not null)
                    ArrayPool<byte>.Shared.Return(held);
                AfterReplies(close: true, limited: false);
                return;
            }
            try
            {
                Serve(held is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(held, 0, length));
            }
            finally
            {
                if (held is not null)
                    ArrayPool<byte>.Shared.Return(held);
            }
        }
        catch (Exception ex)
        {
            FailedOrStopped(ex);
            Finish();
        }
    }

    /// <summary>
    /// A request cancelled because the server stops ends as the stop does (BYE SHUTDOWN), however the cancellation
    /// reached here, even before CloseForShutdown (posted later) does; anything else is a fault of the server's own,
    /// logged with its cause.
    /// </summary>
    private void FailedOrStopped(Exception exception)
    {
        if (exception is OperationCanceledException && _serverStopping.IsCancellationRequested)
            StopsWithTheServer();
        else
            _requests.Failed(exception);
    }

    /// <summary>The client is told <c>BYE SHUTDOWN</c> when the connection finishes, and the log says why.</summary>
    private void StopsWithTheServer()
    {
        _serverStops = true;
        _requests.CloseReason = "server stopping";
    }

    /// <summary>Backpressure: read nothing more until a request would be allowed, so a flooding client fills its own socket buffers.</summary>
    private void WaitForRate()
    {
        _waitingForRate = true;
        _rateTimer?.Dispose();
        _rateTimer = _time.CreateTimer(
            static state =>
            {
                var connection = (PolledConnection)state!;
                connection._loop.Post(() =>
                {
                    connection._waitingForRate = false;
                    connection.UpdateInterest();
                });
            },
            this, _requests.UntilNextRequest, Timeout.InfiniteTimeSpan);
    }

    private void KeepUnfinished(ReadOnlySequence<byte> lines)
    {
        if (lines.Length == 0)
            return;
        _unfinished = ArrayPool<byte>.Shared.Rent((int)lines.Length);
        lines.CopyTo(_unfinished);
        _unfinishedLength = (int)lines.Length;
    }

    private void OnWritable()
    {
        if (!Send() || Unsent > 0)
            return;
        if (_closeAfterSend)
        {
            Finish();
            return;
        }
        UpdateInterest();
        // MSG lines left in the outbox while the reply waited for room (an empty outbox costs one lock).
        DrainOutbox();
    }

    /// <summary>
    /// MSG lines other connections queued for this one, written between its replies. While a reply waits for the
    /// client to make room they stay in the outbox, which is bounded: a recipient that does not read costs its senders
    /// a refusal, not this server's memory, as <see cref="RegistryConnection"/> holds them while its send is awaited.
    /// </summary>
    private void DrainOutbox()
    {
        if (_finished || _handling)
            return;
        if ((_interest & EpollOut) != 0)
            return;
        while (_outbox.TryTakeAll(_messages))
        {
            foreach (var line in _messages)
            {
                line.CopyTo(_out.GetSpan(line.Length));
                _out.Advance(line.Length);
            }
            _messages.Clear();
        }
        if (Send())
            UpdateInterest();
    }

    /// <summary>Sends what the socket takes now; false when the connection is lost (it is then finished).</summary>
    private bool Send()
    {
        while (Unsent > 0)
        {
            var sent = LinuxSockets.Send(_fd, _out.Written.Span[_sent..]);
            if (sent < 0)
            {
                if (LastError == Eagain)
                    return true;
                if (!_finished)
                    _requests.CloseReason = "connection lost";
                _out.Dispose();
                _sent = 0;
                Finish();
                return false;
            }
            _sent += (int)sent;
        }
        _out.Dispose();
        _sent = 0;
        return true;
    }

    /// <summary>Reads while idle, waits to send while a reply is unsent, and watches nothing while a request waits.</summary>
    private void UpdateInterest()
    {
        if (_finished)
            return;
        var wanted = Unsent > 0 && !_handling ? EpollOut
            : !_handling && !_waitingForRate && !_closeAfterSend ? EpollIn
            : 0u;
        if (wanted == _interest)
            return;
        if (_interest == 0)
            _token = _loop.Add(this, _fd, wanted);
        else if (wanted == 0)
            _loop.Remove(_fd, _token);
        else
            _loop.Change(_fd, _token, wanted);
        _interest = wanted;
    }

    /// <summary>Closes the connection (once the request waiting for the store, if any, has its answer), then releases its names.</summary>
    private void Finish()
    {
        if (_finished)
            return;
        if (_handling)
        {
            _closeWhenHandled = true;
            return;
        }
        _finished = true;
        if (_interest != 0)
            _loop.Remove(_fd, _token);
        _interest = 0;
        _outbox.Close();
        _rateTimer?.Dispose();
        if (_serverStops)
            SayGoodbye();
        _out.Dispose();
        if (_unfinished is not null)
            ArrayPool<byte>.Shared.Return(_unfinished);
        if (_held is not null)
            ArrayPool<byte>.Shared.Return(_held);
        _unfinished = _held = null;
        _ = CompleteAsync();
    }

    /// <summary>Best effort and never waiting: <c>BYE SHUTDOWN</c> if no reply is half sent and the socket takes it now.</summary>
    private void SayGoodbye()
    {
        if (Unsent > 0 && (!Send() || Unsent > 0))
            return;
        RegistryReplyWriter.Shutdown(_out);
        if (!Send() || Unsent > 0)
            return;
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
    }

    private async Task CompleteAsync()
    {
        try
        {
            await _requests.ReleaseNamesAsync();
            _socket.Dispose();
            _requests.LogClosed();
        }
        finally
        {
            // The server's stop waits for this: it must come whatever failed above.
            _completion.TrySetResult();
        }
    }
}
