using System.Net;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Calls;

/// <summary>The callee's side: CONVITE in, the user's answer out, CALLBACK or first media to complete.</summary>
public sealed partial class CallStateMachine
{
    /// <summary>Accepts the ringing call: ACEITO, retransmitted until CALLBACK or media arrives. A no-op otherwise.</summary>
    public IReadOnlyList<CallEffect> Accept()
    {
        // The caller may have cancelled while the user was deciding: answering nothing is then right.
        if (State != CallState.Ringing)
            return [];
        var now = _time.GetUtcNow();
        var call = Current!;
        var accept = SignalingMessage.Accept(call.CallId, _codec, _packetTime);
        var acceptEnds = now + _timings.AcceptTimeout;
        Enter(CallState.Accepting, call, new Retransmission(accept, call.Peer, now, acceptEnds, _timings), acceptEnds);
        return [new SendSignal(accept, call.Peer)];
    }

    /// <summary>Declines the ringing call: sends REJEITADO reason=declined. A no-op otherwise.</summary>
    public IReadOnlyList<CallEffect> Reject()
    {
        if (State != CallState.Ringing)
            return [];
        var now = _time.GetUtcNow();
        var effects = new List<CallEffect>();
        var reject = SignalingMessage.Reject(Current!.CallId, SignalingReason.Declined);
        Send(reject, Current.Peer, effects);
        End(CallEndReason.Declined, sendHangup: null, answerToInvite: reject, now, effects);
        return effects;
    }

    /// <summary>
    /// The transport got a media packet from <paramref name="from"/>. Returns true when it is the current call's peer
    /// and the call is up (play it): that counts as liveness, and completes a call still waiting for CALLBACK, whose
    /// <see cref="CallConnected"/> then comes in <paramref name="effects"/>. Allocation-free when nothing changes.
    /// </summary>
    public bool PeerActivity(IPEndPoint from, out IReadOnlyList<CallEffect> effects)
    {
        ArgumentNullException.ThrowIfNull(from);
        effects = [];
        if (Current is not { } call || !PeerEndpoint.Same(call.Peer, from))
            return false;
        if (State == CallState.InCall)
        {
            _giveUpAt = _time.GetUtcNow() + _timings.PeerSilenceTimeout;
            return true;
        }
        if (State != CallState.Accepting)
            return false;
        // The caller only sends media after our ACEITO reached it, so its CALLBACK was merely lost.
        Connect(call, _time.GetUtcNow());
        effects = [new CallConnected(call)];
        return true;
    }

    private void OnInvite(SignalingMessage message, IPEndPoint from, DateTimeOffset now, List<CallEffect> effects)
    {
        if (Current is { } call && call.CallId == message.CallId)
        {
            // Our ACEITO may have been lost: answer the retransmitted CONVITE again. Anything else is a duplicate
            // (ringing), late (in call), or a third party reusing the id.
            if (State == CallState.Accepting && PeerEndpoint.Same(call.Peer, from))
                Send(SignalingMessage.Accept(call.CallId, _codec, _packetTime), call.Peer, effects);
            return;
        }
        if (_finished.TryFind(message.CallId, from, now, out _, out var answer))
        {
            if (answer is not null)
                Send(answer, from, effects);
            return;
        }
        if (State != CallState.Idle)
        {
            var busy = SignalingMessage.Reject(message.CallId, SignalingReason.Busy);
            Send(busy, from, effects);
            _finished.Add(message.CallId, from, busy, now);
            return;
        }
        var incoming = new CallInfo(message.CallId, message.Name ?? "", from, CallRole.Callee, message.Codec) { PeerPacketTime = message.PacketTime };
        Enter(CallState.Ringing, incoming, retransmit: null, now + _timings.RingTimeout);
        effects.Add(new IncomingCall(incoming));
    }

    private void OnCallback(SignalingMessage message, IPEndPoint from, DateTimeOffset now, List<CallEffect> effects)
    {
        if (!IsCurrent(message.CallId, from) || State != CallState.Accepting)
            return;
        Connect(Current!, now);
        effects.Add(new CallConnected(Current!));
    }

    private void Connect(CallInfo call, DateTimeOffset now) =>
        Enter(CallState.InCall, call, retransmit: null, now + _timings.PeerSilenceTimeout);
}
