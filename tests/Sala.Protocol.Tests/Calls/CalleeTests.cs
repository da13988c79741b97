using System.Net;
using Sala.Protocol.Calls;
using Sala.Protocol.Signaling;
using static Sala.Protocol.Tests.Calls.CallTestKit;

namespace Sala.Protocol.Tests.Calls;

public sealed class CalleeTests
{
    private readonly CallTestKit _kit = new();

    private CallStateMachine Machine => _kit.Machine;

    [Fact]
    public void Convite_Rings_WithThePeerAtTheDatagramsSource()
    {
        // Bob advertises 10.0.0.2:5002 but his datagram comes through a NAT: the source is where we answer.
        var natted = new IPEndPoint(IPAddress.Parse("203.0.113.9"), 61000);
        var effects = Machine.Receive(Invite(), natted);

        var expected = new CallInfo("c1", "bob", natted, CallRole.Callee, CallCodec.Pcm);
        Assert.Equal(new IncomingCall(expected), Assert.Single(effects));
        Assert.Equal(CallState.Ringing, Machine.State);
        Assert.Equal(expected, Machine.Current);
    }

    [Fact]
    public void RetransmittedConvite_WhileRinging_IsIgnored()
    {
        Machine.Receive(Invite(), Bob);
        Assert.Empty(Machine.Receive(Invite(), Bob));
        Assert.Empty(Machine.Receive(Invite(), Carol));
        Assert.Equal(CallState.Ringing, Machine.State);
    }

    [Fact]
    public void Accept_SendsAceito_RetransmittedWithBackoffUntilCallback()
    {
        Machine.Receive(Invite(), Bob);
        var send = SentOne(Machine.Accept());
        Assert.Equal(new SendSignal(SignalingMessage.Accept("c1", CallCodec.Opus), Bob), send);
        Assert.Equal(CallState.Accepting, Machine.State);

        var resent = _kit.RunUntil(4);
        Assert.Equal([0.5, 1.5, 3.5], resent.Select(s => s.At));
        Assert.All(resent, s => Assert.Equal(SignalingKind.Accept, s.Message.Kind));

        var effects = Machine.Receive(SignalingMessage.Callback("c1"), Bob);
        Assert.Equal(new CallConnected(Machine.Current!), Assert.Single(effects));
        Assert.Equal(CallState.InCall, Machine.State);
        Assert.DoesNotContain(_kit.RunUntil(4.9), s => s.Message.Kind == SignalingKind.Accept);
    }

    [Fact]
    public void NoCallbackWithinTheAcceptTimeout_EndsAsConnectionLost()
    {
        Machine.Receive(Invite(), Bob);
        Machine.Accept();
        var all = new List<CallEffect>();
        var sent = _kit.RunUntil(10.5, all);

        Assert.Equal([0.5, 1.5, 3.5, 7.5], sent.Where(s => s.Message.Kind == SignalingKind.Accept).Select(s => s.At));
        Assert.Equal(CallEndReason.ConnectionLost, Ended(all).Reason);
        Assert.Contains(sent, s => s.At == 10 && s.Message == SignalingMessage.Hangup("c1", SignalingReason.Timeout));
    }

    [Fact]
    public void FirstMediaFromThePeer_WhileAccepting_CompletesTheCall()
    {
        Machine.Receive(Invite(), Bob);
        Machine.Accept();

        Assert.False(Machine.PeerActivity(Carol, out var none));
        Assert.Empty(none);
        Assert.True(Machine.PeerActivity(Bob, out var effects));
        Assert.Equal(new CallConnected(Machine.Current!), Assert.Single(effects));
        Assert.Equal(CallState.InCall, Machine.State);
        Assert.True(Machine.PeerActivity(Bob, out var more));
        Assert.Empty(more);
    }

    [Fact]
    public void MediaBeforeTheCallIsUp_IsNotThePeers()
    {
        Assert.False(Machine.PeerActivity(Bob, out _));
        Machine.Receive(Invite(), Bob);
        Assert.False(Machine.PeerActivity(Bob, out var effects));
        Assert.Empty(effects);
        Assert.Equal(CallState.Ringing, Machine.State);
    }

    [Fact]
    public void RetransmittedConvite_WhileAccepting_GetsAceitoAgain()
    {
        Machine.Receive(Invite(), Bob);
        Machine.Accept();
        var again = SentOne(Machine.Receive(Invite(), Bob));
        Assert.Equal(new SendSignal(SignalingMessage.Accept("c1", CallCodec.Opus), Bob), again);
        Assert.Empty(Machine.Receive(Invite(), Carol));
    }

    [Fact]
    public void Reject_SendsDeclined_AndARetransmittedConviteGetsTheSameAnswer()
    {
        Machine.Receive(Invite(), Bob);
        var effects = Machine.Reject();

        var reject = SignalingMessage.Reject("c1", SignalingReason.Declined);
        Assert.Equal(reject, Assert.Single(Sent(effects)));
        Assert.Equal(CallEndReason.Declined, Ended(effects).Reason);
        Assert.Equal(CallState.Idle, Machine.State);
        Assert.Equal(new SendSignal(reject, Bob), SentOne(Machine.Receive(Invite(), Bob)));
        Assert.Equal(CallState.Idle, Machine.State);
    }

    [Fact]
    public void HangUp_WhileRinging_Declines()
    {
        Machine.Receive(Invite(), Bob);
        var effects = Machine.HangUp();
        Assert.Equal(SignalingMessage.Reject("c1", SignalingReason.Declined), Assert.Single(Sent(effects)));
        Assert.Equal(CallEndReason.Declined, Ended(effects).Reason);
    }

    [Fact]
    public void AnswersWhenNothingRings_DoNothing()
    {
        Assert.Empty(Machine.Accept());
        Assert.Empty(Machine.Reject());
        Assert.Empty(Machine.HangUp());
        _kit.ConnectAsCallee();
        Assert.Empty(Machine.Accept());
        Assert.Empty(Machine.Reject());
        Assert.Equal(CallState.InCall, Machine.State);
    }

    [Fact]
    public void Encerrar_WhileRinging_IsAcked_AndEndsAsCancelledByPeer()
    {
        Machine.Receive(Invite(), Bob);
        var effects = Machine.Receive(SignalingMessage.Hangup("c1", SignalingReason.Cancel), Bob);

        Assert.Equal(new SendSignal(SignalingMessage.HangupAck("c1"), Bob), effects[0]);
        Assert.Equal(CallEndReason.CancelledByPeer, Ended(effects).Reason);
        Assert.Equal(CallState.Idle, Machine.State);
    }

    [Fact]
    public void LateConvite_AfterTheCallerCancelled_DoesNotRingAgain()
    {
        Machine.Receive(Invite(), Bob);
        Machine.Receive(SignalingMessage.Hangup("c1", SignalingReason.Cancel), Bob);
        Assert.Empty(Machine.Receive(Invite(), Bob));
        Assert.Equal(CallState.Idle, Machine.State);
    }

    [Fact]
    public void Encerrar_WhileAccepting_EndsAsCancelledByPeer()
    {
        Machine.Receive(Invite(), Bob);
        Machine.Accept();
        var effects = Machine.Receive(SignalingMessage.Hangup("c1", SignalingReason.Cancel), Bob);
        Assert.Equal(CallEndReason.CancelledByPeer, Ended(effects).Reason);
        Assert.Null(Machine.NextDeadline);
    }

    [Fact]
    public void NobodyAnswering_StopsRingingAfterTheRingTimeout_Silently()
    {
        Machine.Receive(Invite(), Bob);
        var all = new List<CallEffect>();
        var sent = _kit.RunUntil(31, all);

        Assert.Empty(sent);
        Assert.Equal(CallEndReason.NoAnswer, Ended(all).Reason);
        Assert.Equal(CallState.Idle, Machine.State);
    }

    [Fact]
    public void Convite_WhileInACall_IsAnsweredBusy_WithoutDisturbingTheCall()
    {
        _kit.ConnectAsCallee();
        var carols = SignalingMessage.Invite("carol1", "carol", Carol);

        var send = SentOne(Machine.Receive(carols, Carol));
        Assert.Equal(new SendSignal(SignalingMessage.Reject("carol1", SignalingReason.Busy), Carol), send);
        Assert.Equal(CallState.InCall, Machine.State);
        Assert.Equal("c1", Machine.Current?.CallId);

        // Her retransmission gets the same answer, even once we are free: she has already been told.
        Assert.Equal(send, SentOne(Machine.Receive(carols, Carol)));
        Machine.HangUp();
        Assert.Equal(send, SentOne(Machine.Receive(carols, Carol)));
        Assert.Equal(CallState.Idle, Machine.State);
    }

    [Theory]
    [InlineData(CallState.Ringing)]
    [InlineData(CallState.Accepting)]
    [InlineData(CallState.Inviting)]
    public void Convite_WithAnotherCallId_IsBusyInEveryState(CallState state)
    {
        if (state == CallState.Inviting)
        {
            Machine.Call("bob", Bob);
        }
        else
        {
            Machine.Receive(Invite(), Bob);
            if (state == CallState.Accepting)
                Machine.Accept();
        }

        var send = SentOne(Machine.Receive(SignalingMessage.Invite("x9", "carol", Carol), Carol));
        Assert.Equal(SignalingReason.Busy, send.Message.Reason);
        Assert.Equal(state, Machine.State);
    }

    [Fact]
    public void LateConvite_InCall_IsIgnored()
    {
        _kit.ConnectAsCallee();
        Assert.Empty(Machine.Receive(Invite(), Bob));
        Assert.Equal(CallState.InCall, Machine.State);
    }

    [Fact]
    public void RememberedAnswers_AreBoundedInNumber_TheOldestForgottenFirst()
    {
        _kit.ConnectAsCallee();
        for (var i = 0; i <= 64; i++)
            Machine.Receive(CarolsInvite(i), Carol);
        Machine.HangUp();

        Assert.Equal(SignalingReason.Busy, SentOne(Machine.Receive(CarolsInvite(64), Carol)).Message.Reason);
        Assert.IsType<IncomingCall>(Assert.Single(Machine.Receive(CarolsInvite(0), Carol)));
    }

    private static SignalingMessage CarolsInvite(int n) => SignalingMessage.Invite($"x{n}", "carol", Carol);

    [Fact]
    public void DuplicateCallback_InCall_IsIgnored()
    {
        _kit.ConnectAsCallee();
        Assert.Empty(Machine.Receive(SignalingMessage.Callback("c1"), Bob));
        Assert.Equal(CallState.InCall, Machine.State);
    }

    [Fact]
    public void ThirdPartyCallback_WhileAccepting_DoesNothing()
    {
        Machine.Receive(Invite(), Bob);
        Machine.Accept();
        Assert.Empty(Machine.Receive(SignalingMessage.Callback("c1"), Carol));
        Assert.Empty(Machine.Receive(SignalingMessage.Callback("zz"), Bob));
        Assert.Equal(CallState.Accepting, Machine.State);
    }
}
