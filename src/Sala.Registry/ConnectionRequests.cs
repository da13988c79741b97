using System.Buffers;
using Microsoft.Extensions.Logging;
using Sala.Protocol.Limits;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// The request side of one client connection, whatever moves its bytes: frames the lines received, holds the request
/// rate limit, answers each request through its <see cref="RegistryRequestHandler"/>, keeps the times the idle sweep
/// reads, releases the connection's names when it closes and logs why it closed.
/// </summary>
internal sealed class ConnectionRequests
{
    private readonly RegistrationOwner _owner;
    private readonly IRegistryStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly RegistryMetrics _metrics;
    private readonly RegistryRequestHandler _handler;
    private readonly TokenBucket? _rate;
    private readonly double _requestRate;
    private long _lastRequestTimestamp;

    /// <summary>When the unfinished line at the buffer's head began (0: none), for the slowloris defence.</summary>
    private long _partialLineSince;
    private long _rateLimited;
    private bool _lineEndedInRead;

    /// <summary>The time of the read being answered (0: not yet asked): a clock read costs more than a GET, so one per read.</summary>
    private long _readTimestamp;

    public ConnectionRequests(
        string remote, RegistrationOwner owner, IRegistryStore store, TimeProvider time, ILogger log, RegistryServerOptions options,
        MessageRouter router, RegistryMetrics metrics)
    {
        Remote = remote;
        _owner = owner;
        _store = store;
        _time = time;
        _log = log;
        _metrics = metrics;
        _handler = new RegistryRequestHandler(store, owner, log, remote, router, metrics, options.NameClaims!);
        _requestRate = options.RequestsPerSecond;
        _rate = options.RequestsPerSecond > 0 ? new TokenBucket(time, options.RequestsPerSecond, Math.Max(1, options.RequestBurst)) : null;
        _lastRequestTimestamp = time.GetTimestamp();
    }

    public string Remote { get; }

    public long ConnectionId => _owner.ConnectionId;

    /// <summary>Why the connection closed, as its last log line says.</summary>
    public string CloseReason { get; set; } = "connection closed by client";

    /// <summary>Closed by an abuse limit (a line too long or left unfinished): logged at Warning.</summary>
    public bool ClosedByLimit { get; set; }

    /// <summary>Requests answered <c>ERR RATE_LIMITED</c> on this connection.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>How long until the rate limit allows a request again (only after a <see cref="LineStep.RateLimited"/>).</summary>
    public TimeSpan UntilNextRequest => _rate!.UntilNextToken();

    public TimeSpan IdleFor() => _time.GetElapsedTime(Interlocked.Read(ref _lastRequestTimestamp));

    /// <summary>How long the line now being received has been unfinished (zero when none is).</summary>
    public TimeSpan PartialLineFor()
    {
        var since = Interlocked.Read(ref _partialLineSince);
        return since == 0 ? TimeSpan.Zero : _time.GetElapsedTime(since);
    }

    /// <summary>Times what precedes the first line (a TLS handshake) as an unfinished line.</summary>
    public void StartTimingAsLine() => Interlocked.Exchange(ref _partialLineSince, _time.GetTimestamp());

    public void StopTimingAsLine() => Interlocked.Exchange(ref _partialLineSince, 0);

    /// <summary>
    /// Takes the next line off <paramref name="lines"/>. A line too long or refused by the rate limit is answered here,
    /// into <paramref name="reply"/>; a <see cref="LineStep.Request"/> is for <see cref="HandleAsync"/>.
    /// </summary>
    public LineStep Next(ref ReadOnlySequence<byte> lines, IBufferWriter<byte> reply, out ReadOnlySequence<byte> line)
    {
        var status = RegistryLineFramer.TryReadLine(ref lines, out line);
        if (status == LineStatus.NeedMoreData)
            return LineStep.NeedMoreData;
        if (status == LineStatus.TooLong)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.BadRequest, $"line longer than {RegistryLineFramer.MaxLineBytes} bytes");
            CloseReason = "line too long";
            ClosedByLimit = true;
            return LineStep.TooLong;
        }
        if (!_lineEndedInRead)
            Interlocked.Exchange(ref _lastRequestTimestamp, ReadTimestamp());
        _lineEndedInRead = true;
        if (_rate is not null && !_rate.TryTake())
        {
            // Refused before parsing or touching the store: a flood costs this connection one short line each.
            RegistryReplyWriter.Error(reply, RegistryErrorCode.RateLimited, "too many requests, slow down");
            _metrics.RateLimited("requests");
            if (Interlocked.Increment(ref _rateLimited) == 1)
                _log.RequestRateLimited(Remote, _owner.ConnectionId, _requestRate);
            return LineStep.RateLimited;
        }
        return LineStep.Request;
    }

    /// <summary>Answers one request; true when the connection closes after the reply (DISCONNECT of its last name).</summary>
    public ValueTask<bool> HandleAsync(ReadOnlySequence<byte> line, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        // Timed only when the duration histogram is collected (--metrics-port).
        var started = _metrics.TimesRequests ? _time.GetTimestamp() : 0;
        var parsed = Parse(line);
        var handling = _handler.HandleAsync(parsed, reply, cancellationToken);
        return handling.IsCompletedSuccessfully
            ? new ValueTask<bool>(Answered(parsed, handling.Result, started))
            : AnsweredAsync(parsed, handling, started);
    }

    private async ValueTask<bool> AnsweredAsync(RegistryParseResult parsed, ValueTask<RequestOutcome> handling, long started) =>
        Answered(parsed, await handling, started);

    private bool Answered(RegistryParseResult parsed, RequestOutcome outcome, long started)
    {
        // Counted before the reply is sent: a client that has its answer finds it in the metrics.
        _metrics.RequestAnswered(RegistryMetrics.CommandTag(parsed.IsValid ? parsed.Request.Command : null), outcome.Result,
            started == 0 ? TimeSpan.Zero : _time.GetElapsedTime(started));
        _log.RequestHandled(Remote, outcome.Summary);
        if (outcome.CloseAfterReply)
            CloseReason = "disconnected by request";
        return outcome.CloseAfterReply;
    }

    /// <summary>
    /// What one read left: <paramref name="unfinished"/> bytes of a line not yet ended. That line began now if a line
    /// ended in this read, else when it was first seen.
    /// </summary>
    public void ReadDone(long unfinished)
    {
        if (unfinished == 0)
            Interlocked.Exchange(ref _partialLineSince, 0);
        else if (_lineEndedInRead || Interlocked.Read(ref _partialLineSince) == 0)
            Interlocked.Exchange(ref _partialLineSince, ReadTimestamp());
        _lineEndedInRead = false;
        _readTimestamp = 0;
    }

    private long ReadTimestamp()
    {
        if (_readTimestamp == 0)
            _readTimestamp = _time.GetTimestamp();
        return _readTimestamp;
    }

    /// <summary>A fault of the server's own, not the client's: logged once at Error with its cause; the connection closes.</summary>
    public void Failed(Exception exception)
    {
        CloseReason = $"failed: {exception.Message}";
        _log.ConnectionFailed(Remote, _owner.ConnectionId, exception);
    }

    /// <summary>Releases the names the connection registered, once it reads no more requests.</summary>
    public async Task ReleaseNamesAsync()
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

    /// <summary>The connection's last log line, with why it closed.</summary>
    public void LogClosed()
    {
        if (ClosedByLimit)
            _log.LimitClosed(Remote, _owner.ConnectionId, CloseReason);
        if (_rateLimited > 0)
            _log.DisconnectedAfterLimits(Remote, _owner.ConnectionId, CloseReason, _rateLimited);
        else
            _log.Disconnected(Remote, _owner.ConnectionId, CloseReason);
    }

    private static RegistryParseResult Parse(ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
            return RegistryRequestParser.Parse(line.FirstSpan);
        Span<byte> copy = stackalloc byte[RegistryLineFramer.MaxLineBytes];
        line.CopyTo(copy);
        return RegistryRequestParser.Parse(copy[..(int)line.Length]);
    }
}
