using System.Net;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Calls;

/// <summary>Ending a call from either side: ENCERRAR, its ack, and the answers owed to late retransmissions.</summary>
public sealed partial class CallStateMachine
{
    /// <summary>
    /// Ends the call for the user at once: cancels an invitation (ENCERRAR reason=cancel), declines a ringing call,
    /// or hangs up (ENCERRAR reason=hangup). The ENCERRAR is retransmitted in the background until acknowledged,
    /// without holding up a new call. A no-op when idle.
    /// </summary>
    public IReadOnlyList<CallEffect> HangUp()
    {
        var now = _time.GetUtcNow();
        var effects = new List<CallEffect>();
        switch (State)
        {
            case CallState.Inviting:
                End(CallEndReason.CancelledLocally, SignalingReason.Cancel, answerToInvite: null, now, effects);
                break;
            case CallState.Ringing:
                return Reject();
            case CallState.Accepting:
            case CallState.InCall:
                End(CallEndReason.HungUpLocally, SignalingReason.Hangup, answerToInvite: null, now, effects);
                break;
        }
        return effects;
    }

    private void OnHangup(SignalingMessage message, IPEndPoint from, DateTimeOffset now, List<CallEffect> effects)
    {
        if (IsCurrent(message.CallId, from))
        {
            var call = Current!;
            Send(SignalingMessage.HangupAck(call.CallId), call.Peer, effects);
            End(PeerEndReason(message.Reason), sendHangup: null, answerToInvite: null, now, effects);
            return;
        }
        // A call that already ended: the peer missed our ack, or hung up at the same moment we did. Either way it
        // wants an ack and has ended, so our own ENCERRAR needs no more retransmission.
        if (_finished.TryFind(message.CallId, from, now, out var samePeer, out _) && samePeer)
        {
            Send(SignalingMessage.HangupAck(message.CallId), from, effects);
            _pendingHangups.RemoveAll(p => p.IsFor(message.CallId, from));
        }
    }

    private CallEndReason PeerEndReason(SignalingReason? reason) => State switch
    {
        CallState.Ringing => CallEndReason.CancelledByPeer,
        CallState.Accepting when reason != SignalingReason.Hangup => CallEndReason.CancelledByPeer,
        _ when reason == SignalingReason.Timeout => CallEndReason.ConnectionLost,
        _ => CallEndReason.HungUpByPeer,
    };
}
