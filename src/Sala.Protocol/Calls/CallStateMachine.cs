using System.Net;
using Sala.Protocol.Registry;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Calls;

/// <summary>
/// The signaling of one call at a time, as a pure state machine: each input returns what to do (send a datagram,
/// tell the user) and nothing else happens. It reads the clock but owns no timer: the driver calls <see cref="Tick"/>
/// when <see cref="NextDeadline"/> is reached. Not thread-safe: the driver feeds it from one place at a time.
/// </summary>
public sealed partial class CallStateMachine
{
    /// <summary>ENCERRARs still waiting for their ack; more than this many means the network is gone anyway.</summary>
    private const int MaxPendingHangups = 8;

    private readonly TimeProvider _time;
    private readonly string _localName;
    private readonly IPEndPoint _localEndpoint;
    private readonly CallTimings _timings;
    private readonly Func<string> _newCallId;
    private readonly CallCodec? _codec;
    private readonly int? _packetTime;
    private readonly FinishedCalls _finished;
    private readonly List<Retransmission> _pendingHangups = [];

    /// <summary>CONVITE while inviting, ACEITO while accepting; null otherwise.</summary>
    private Retransmission? _retransmit;

    /// <summary>
    /// When the current state gives up: ring timeout (inviting, ringing), accept timeout (accepting), or the moment
    /// the peer has been silent too long (in call, pushed back by every datagram from the peer).
    /// </summary>
    private DateTimeOffset _giveUpAt;

    /// <param name="time">The only clock read; no timer is created from it.</param>
    /// <param name="localName">This user's name, sent in CONVITE.</param>
    /// <param name="localEndpoint">Where this user receives, sent in CONVITE (callees answer the source).</param>
    /// <param name="timings">Retransmission and timeouts; <see cref="CallTimings.Default"/> as standard.</param>
    /// <param name="newCallId">Makes each outgoing call's id; <see cref="CallId.NewRandom"/> outside tests.</param>
    /// <param name="codec">The codec this side sends, announced in CONVITE and ACEITO; null announces none.</param>
    /// <param name="packetTime">The packet time this side asks to receive, in CONVITE and ACEITO; null asks none (20 ms).</param>
    public CallStateMachine(
        TimeProvider time,
        string localName,
        IPEndPoint localEndpoint,
        CallTimings timings,
        Func<string> newCallId,
        CallCodec? codec = null,
        int? packetTime = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(localName);
        ArgumentNullException.ThrowIfNull(localEndpoint);
        ArgumentNullException.ThrowIfNull(timings);
        ArgumentNullException.ThrowIfNull(newCallId);
        if (!UserName.TryNormalize(localName, out var name, out var whyNot))
            throw new ArgumentException(whyNot, nameof(localName));
        _time = time;
        _localName = name;
        _localEndpoint = localEndpoint;
        _timings = timings;
        _newCallId = newCallId;
        _codec = codec;
        _packetTime = packetTime;
        _finished = new FinishedCalls(timings.FinishedCallMemory);
    }

    public CallState State { get; private set; }

    /// <summary>Idle, with no ENCERRAR still waiting for its ack: closing the socket now leaves no peer hanging.</summary>
    public bool IsSettled => State == CallState.Idle && _pendingHangups.Count == 0;

    /// <summary>The call in progress; null when <see cref="State"/> is <see cref="CallState.Idle"/>.</summary>
    public CallInfo? Current { get; private set; }

    /// <summary>When <see cref="Tick"/> must next be called; null when nothing is pending.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? next = State == CallState.Idle ? null : _giveUpAt;
            if (_retransmit is not null && (next is null || _retransmit.NextSend < next))
                next = _retransmit.NextSend;
            foreach (var pending in _pendingHangups)
            {
                if (next is null || pending.Deadline < next)
                    next = pending.Deadline;
            }
            return next;
        }
    }

    /// <summary>Handles a signaling datagram that arrived from <paramref name="from"/>.</summary>
    public IReadOnlyList<CallEffect> Receive(SignalingMessage message, IPEndPoint from)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(from);
        var now = _time.GetUtcNow();
        var effects = new List<CallEffect>();
        if (IsCurrent(message.CallId, from) && State == CallState.InCall)
            _giveUpAt = now + _timings.PeerSilenceTimeout;

        switch (message.Kind)
        {
            case SignalingKind.Invite:
                OnInvite(message, from, now, effects);
                break;
            case SignalingKind.Accept:
                OnAccept(message, from, now, effects);
                break;
            case SignalingKind.Reject:
                OnReject(message, from, now, effects);
                break;
            case SignalingKind.Callback:
                OnCallback(message, from, now, effects);
                break;
            case SignalingKind.Hangup when message.IsAck:
                _pendingHangups.RemoveAll(p => p.IsFor(message.CallId, from));
                break;
            case SignalingKind.Hangup:
                OnHangup(message, from, now, effects);
                break;
        }
        return effects;
    }

    /// <summary>Sends what is due for retransmission and ends what has timed out.</summary>
    public IReadOnlyList<CallEffect> Tick()
    {
        var now = _time.GetUtcNow();
        var effects = new List<CallEffect>();
        _pendingHangups.RemoveAll(p => now >= p.GiveUpAt);
        foreach (var pending in _pendingHangups)
            pending.SendIfDue(now, effects);

        if (State != CallState.Idle && now >= _giveUpAt)
        {
            switch (State)
            {
                case CallState.Inviting:
                    // Tell the callee too, or its phone would ring on until its own timer.
                    End(CallEndReason.NoAnswer, SignalingReason.Timeout, answerToInvite: null, now, effects);
                    break;
                case CallState.Ringing:
                    End(CallEndReason.NoAnswer, sendHangup: null, answerToInvite: null, now, effects);
                    break;
                default:
                    End(CallEndReason.ConnectionLost, SignalingReason.Timeout, answerToInvite: null, now, effects);
                    break;
            }
        }
        _retransmit?.SendIfDue(now, effects);
        return effects;
    }

    private bool IsCurrent(string callId, IPEndPoint from) =>
        Current is { } call && call.CallId == callId && PeerEndpoint.Same(call.Peer, from);

    private void Enter(CallState state, CallInfo call, Retransmission? retransmit, DateTimeOffset giveUpAt)
    {
        State = state;
        Current = call;
        _retransmit = retransmit;
        _giveUpAt = giveUpAt;
    }

    private static void Send(SignalingMessage message, IPEndPoint to, List<CallEffect> effects) =>
        effects.Add(new SendSignal(message, to));

    /// <summary>
    /// Ends the current call for the user at once. An ENCERRAR, when one is owed, keeps being retransmitted in the
    /// background until acknowledged, so a new call can start right away.
    /// </summary>
    private void End(
        CallEndReason reason,
        SignalingReason? sendHangup,
        SignalingMessage? answerToInvite,
        DateTimeOffset now,
        List<CallEffect> effects)
    {
        var call = Current!;
        if (sendHangup is { } why)
        {
            var hangup = SignalingMessage.Hangup(call.CallId, why);
            Send(hangup, call.Peer, effects);
            if (_pendingHangups.Count == MaxPendingHangups)
                _pendingHangups.RemoveAt(0);
            _pendingHangups.Add(new Retransmission(hangup, call.Peer, now, now + _timings.HangupTimeout, _timings));
        }
        _finished.Add(call.CallId, call.Peer, answerToInvite, now);
        State = CallState.Idle;
        Current = null;
        _retransmit = null;
        effects.Add(new CallEnded(call, reason));
    }
}
