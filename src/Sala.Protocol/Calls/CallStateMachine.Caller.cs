using System.Net;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Calls;

/// <summary>The caller's side: CONVITE out, ACEITO or REJEITADO back, CALLBACK to complete.</summary>
public sealed partial class CallStateMachine
{
    /// <summary>
    /// Invites <paramref name="peer"/> (the address the registry gave for <paramref name="peerName"/>): sends CONVITE
    /// and retransmits it until answered or the ring timeout. Throws when a call is already in progress: check
    /// <see cref="State"/> first, from the same place that feeds the machine.
    /// </summary>
    public IReadOnlyList<CallEffect> Call(string peerName, IPEndPoint peer)
    {
        ArgumentNullException.ThrowIfNull(peerName);
        ArgumentNullException.ThrowIfNull(peer);
        if (State != CallState.Idle)
            throw new InvalidOperationException($"Cannot start a call while {State}.");
        var callId = _newCallId();
        if (!CallId.IsValid(callId))
            throw new InvalidOperationException($"The call id generator made an invalid id '{callId}'.");

        var now = _time.GetUtcNow();
        var invite = SignalingMessage.Invite(callId, _localName, _localEndpoint, _codec, _packetTime);
        var ringEnds = now + _timings.RingTimeout;
        Enter(
            CallState.Inviting,
            new CallInfo(callId, peerName, peer, CallRole.Caller, PeerCodec: null),
            new Retransmission(invite, peer, now, ringEnds, _timings),
            ringEnds);
        return [new SendSignal(invite, peer)];
    }

    private void OnAccept(SignalingMessage message, IPEndPoint from, DateTimeOffset now, List<CallEffect> effects)
    {
        if (!IsCurrent(message.CallId, from) || Current!.Role != CallRole.Caller)
            return;
        if (State == CallState.Inviting)
        {
            var call = Current with { PeerCodec = message.Codec, PeerPacketTime = message.PacketTime };
            Enter(CallState.InCall, call, retransmit: null, now + _timings.PeerSilenceTimeout);
            Send(SignalingMessage.Callback(call.CallId), call.Peer, effects);
            effects.Add(new CallConnected(call));
        }
        else if (State == CallState.InCall)
        {
            // The callee retransmits ACEITO until it hears from us: our CALLBACK was lost.
            Send(SignalingMessage.Callback(Current.CallId), Current.Peer, effects);
        }
    }

    private void OnReject(SignalingMessage message, IPEndPoint from, DateTimeOffset now, List<CallEffect> effects)
    {
        if (!IsCurrent(message.CallId, from) || State != CallState.Inviting)
            return;
        var reason = message.Reason switch
        {
            SignalingReason.Busy => CallEndReason.Busy,
            SignalingReason.Unavailable => CallEndReason.Unavailable,
            SignalingReason.Unencrypted => CallEndReason.EncryptionRequired,
            _ => CallEndReason.Declined,
        };
        End(reason, sendHangup: null, answerToInvite: null, now, effects);
    }
}
