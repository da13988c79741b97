using Sala.Protocol.Calls;
using Sala.Protocol.Signaling;
using static Sala.Protocol.Tests.Calls.CallTestKit;

namespace Sala.Protocol.Tests.Calls;

public sealed class InCallTests
{
    private readonly CallTestKit _kit = new();

    private CallStateMachine Machine => _kit.Machine;

    [Fact]
    public void Encerrar_FromThePeer_IsAcked_AndEndsAsHungUpByPeer()
    {
        _kit.ConnectAsCaller();
        var effects = Machine.Receive(SignalingMessage.Hangup("call1", SignalingReason.Hangup), Bob);

        Assert.Equal(new SendSignal(SignalingMessage.HangupAck("call1"), Bob), effects[0]);
        Assert.Equal(CallEndReason.HungUpByPeer, Ended(effects).Reason);
        Assert.Equal(CallState.Idle, Machine.State);
        Assert.Null(Machine.NextDeadline);
    }

    [Fact]
    public void RetransmittedEncerrar_ForTheEndedCall_GetsItsAckAgain()
    {
        _kit.ConnectAsCaller();
        Machine.Receive(SignalingMessage.Hangup("call1"), Bob);
        _kit.AdvanceAndTick(1);

        var again = Machine.Receive(SignalingMessage.Hangup("call1"), Bob);
        Assert.Equal(new SendSignal(SignalingMessage.HangupAck("call1"), Bob), SentOne(again));
        Assert.Empty(Machine.Receive(SignalingMessage.Hangup("call1"), Carol));
        Assert.Empty(Machine.Receive(SignalingMessage.Hangup("never"), Bob));
    }

    [Fact]
    public void EndedCalls_AreForgottenAfterAMinute()
    {
        _kit.ConnectAsCaller();
        Machine.Receive(SignalingMessage.Hangup("call1"), Bob);
        _kit.AdvanceAndTick(61);
        Assert.Empty(Machine.Receive(SignalingMessage.Hangup("call1"), Bob));
    }

    [Fact]
    public void Encerrar_WithReasonTimeout_EndsAsConnectionLost()
    {
        _kit.ConnectAsCallee();
        var effects = Machine.Receive(SignalingMessage.Hangup("c1", SignalingReason.Timeout), Bob);
        Assert.Equal(CallEndReason.ConnectionLost, Ended(effects).Reason);
    }

    [Fact]
    public void EncerrarOrAceito_FromAThirdParty_DoesNothing()
    {
        _kit.ConnectAsCaller();
        Assert.Empty(Machine.Receive(SignalingMessage.Hangup("call1"), Carol));
        Assert.Empty(Machine.Receive(SignalingMessage.Accept("call1"), Carol));
        Assert.Empty(Machine.Receive(SignalingMessage.Hangup("other"), Bob));
        Assert.Equal(CallState.InCall, Machine.State);
    }

    [Fact]
    public void HangUp_EndsAtOnce_AndRetransmitsEncerrarUntilAcked()
    {
        _kit.ConnectAsCaller();
        var effects = Machine.HangUp();

        Assert.Equal(SignalingMessage.Hangup("call1", SignalingReason.Hangup), Assert.Single(Sent(effects)));
        Assert.Equal(CallEndReason.HungUpLocally, Ended(effects).Reason);
        Assert.Equal(CallState.Idle, Machine.State);
        Assert.Null(Machine.Current);

        Assert.Equal([0.5, 1.5], _kit.RunUntil(2).Select(s => s.At));
        Assert.Empty(Machine.Receive(SignalingMessage.HangupAck("call1"), Bob));
        Assert.Null(Machine.NextDeadline);
        Assert.Empty(_kit.RunUntil(10));
    }

    [Fact]
    public void AckFromAThirdParty_DoesNotStopTheRetransmission()
    {
        _kit.ConnectAsCaller();
        Machine.HangUp();
        Machine.Receive(SignalingMessage.HangupAck("call1"), Carol);
        Assert.Equal([0.5, 1.5, 3.5], _kit.RunUntil(10).Select(s => s.At));
        Assert.Null(Machine.NextDeadline);
    }

    [Fact]
    public void HangingUpTogether_AcksThePeersEncerrar_AndStopsOurs()
    {
        _kit.ConnectAsCaller();
        Machine.HangUp();
        var effects = Machine.Receive(SignalingMessage.Hangup("call1", SignalingReason.Hangup), Bob);

        Assert.Equal(new SendSignal(SignalingMessage.HangupAck("call1"), Bob), Assert.Single(effects));
        Assert.Null(Machine.NextDeadline);
    }

    [Fact]
    public void SilentPeer_EndsTheCallAsConnectionLost_AfterFiveSeconds()
    {
        _kit.ConnectAsCaller();
        Assert.Equal(_kit.Start.AddSeconds(5), Machine.NextDeadline);
        Assert.Empty(_kit.AdvanceAndTick(4.9));

        var effects = _kit.AdvanceAndTick(0.1);
        Assert.Equal(CallEndReason.ConnectionLost, Ended(effects).Reason);
        Assert.Equal(SignalingMessage.Hangup("call1", SignalingReason.Timeout), Assert.Single(Sent(effects)));
        Assert.Equal(CallState.Idle, Machine.State);
    }

    [Fact]
    public void PeerMedia_KeepsTheCallAlive()
    {
        _kit.ConnectAsCaller();
        for (var i = 0; i < 10; i++)
        {
            _kit.AdvanceAndTick(4);
            Assert.True(Machine.PeerActivity(Bob, out _));
        }
        Assert.False(Machine.PeerActivity(Carol, out _));
        Assert.Equal(CallState.InCall, Machine.State);
        Assert.Equal(_kit.Start.AddSeconds(45), Machine.NextDeadline);
        Assert.Equal(CallEndReason.ConnectionLost, Ended(_kit.AdvanceAndTick(5)).Reason);
    }

    [Fact]
    public void PeerActivity_InACall_AllocatesNothing()
    {
        _kit.ConnectAsCaller();
        var mapped = new System.Net.IPEndPoint(Bob.Address.MapToIPv6(), Bob.Port);
        Machine.PeerActivity(Bob, out _);
        Machine.PeerActivity(mapped, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Machine.PeerActivity(Bob, out _);
            Machine.PeerActivity(mapped, out _);
            Machine.PeerActivity(Carol, out _);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PeerSignals_KeepTheCallAlive_ButThirdPartiesDoNot()
    {
        _kit.ConnectAsCaller();
        _kit.AdvanceAndTick(4);
        Machine.Receive(SignalingMessage.Accept("call1"), Bob);
        Machine.Receive(SignalingMessage.Accept("call1"), Carol);
        Assert.Empty(_kit.AdvanceAndTick(4));
        Assert.Equal(CallEndReason.ConnectionLost, Ended(_kit.AdvanceAndTick(1)).Reason);
    }

    [Fact]
    public void NewCall_IsPossibleRightAfterHangUp_WhileTheOldEncerrarIsStillRetransmitted()
    {
        _kit.ConnectAsCaller();
        Machine.HangUp();
        var invite = SentOne(Machine.Call("carol", Carol));

        Assert.Equal("call2", invite.Message.CallId);
        Assert.Equal(CallState.Inviting, Machine.State);
        var sent = _kit.RunUntil(2);
        Assert.Equal(2, sent.Count(s => s.Message == SignalingMessage.Hangup("call1", SignalingReason.Hangup)));
        Assert.Equal(2, sent.Count(s => s.Message.Kind == SignalingKind.Invite && s.Message.CallId == "call2"));

        // The old peer's ack stops only the old ENCERRAR; the new call goes on.
        Machine.Receive(SignalingMessage.HangupAck("call1"), Bob);
        Assert.DoesNotContain(_kit.RunUntil(6), s => s.Message.Kind == SignalingKind.Hangup);
        Assert.Equal(CallState.Inviting, Machine.State);
    }

    [Fact]
    public void IncomingCall_IsPossibleRightAfterHangUp()
    {
        _kit.ConnectAsCaller();
        Machine.HangUp();
        var effects = Machine.Receive(SignalingMessage.Invite("c7", "carol", Carol), Carol);
        Assert.IsType<IncomingCall>(Assert.Single(effects));
        Assert.Equal(CallState.Ringing, Machine.State);
    }

    [Fact]
    public void LateDatagrams_AfterTheCallEnded_AreIgnored()
    {
        _kit.ConnectAsCaller();
        Machine.Receive(SignalingMessage.Hangup("call1"), Bob);

        Assert.Empty(Machine.Receive(SignalingMessage.Accept("call1"), Bob));
        Assert.Empty(Machine.Receive(SignalingMessage.Callback("call1"), Bob));
        Assert.Empty(Machine.Receive(SignalingMessage.Reject("call1"), Bob));
        Assert.Empty(Machine.Receive(SignalingMessage.HangupAck("call1"), Bob));
        Assert.False(Machine.PeerActivity(Bob, out _));
        Assert.Equal(CallState.Idle, Machine.State);
    }
}
