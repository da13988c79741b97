using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sala.Protocol.Calls;
using Sala.Protocol.Signaling;
using static Sala.Protocol.Tests.Calls.CallTestKit;

namespace Sala.Protocol.Tests.Calls;

public sealed class CallerTests
{
    private readonly CallTestKit _kit = new();

    private CallStateMachine Machine => _kit.Machine;

    [Fact]
    public void NewMachine_IsIdleWithNothingPending()
    {
        Assert.Equal(CallState.Idle, Machine.State);
        Assert.Null(Machine.Current);
        Assert.Null(Machine.NextDeadline);
        Assert.Empty(Machine.Tick());
    }

    [Fact]
    public void Call_SendsConviteWithOwnNameAndAddress_AndInvites()
    {
        var send = SentOne(Machine.Call("bob", Bob));

        Assert.Equal(Bob, send.To);
        Assert.Equal(SignalingMessage.Invite("call1", "alice", Alice, CallCodec.Opus), send.Message);
        Assert.Equal(CallState.Inviting, Machine.State);
        Assert.Equal(new CallInfo("call1", "bob", Bob, CallRole.Caller, null), Machine.Current);
        Assert.Equal(_kit.Start.AddMilliseconds(500), Machine.NextDeadline);
    }

    [Fact]
    public void Invite_IsRetransmittedWithBackoffUntilTheRingTimeout_ThenEndsAsNoAnswer()
    {
        Machine.Call("bob", Bob);
        var all = new List<CallEffect>();
        var sent = _kit.RunUntil(40, all);

        var invites = sent.Where(s => s.Message.Kind == SignalingKind.Invite).Select(s => s.At);
        Assert.Equal([0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5], invites);
        var ended = Ended(all);
        Assert.Equal(CallEndReason.NoAnswer, ended.Reason);
        Assert.Equal(CallState.Idle, Machine.State);
        // The callee is told too, so that its phone stops ringing; that ENCERRAR is retransmitted until acked.
        var hangups = sent.Where(s => s.Message.Kind == SignalingKind.Hangup).ToList();
        Assert.Equal([30, 30.5, 31.5, 33.5], hangups.Select(h => h.At));
        Assert.All(hangups, h => Assert.Equal(SignalingMessage.Hangup("call1", SignalingReason.Timeout), h.Message));
        Assert.Null(Machine.NextDeadline);
    }

    [Fact]
    public void Invite_IsRetransmittedUntilAnswered()
    {
        Machine.Call("bob", Bob);
        _kit.RunUntil(2);
        var effects = Machine.Receive(SignalingMessage.Accept("call1"), Bob);

        Assert.Single(effects.OfType<CallConnected>());
        Assert.DoesNotContain(_kit.RunUntil(60), s => s.Message.Kind == SignalingKind.Invite);
    }

    [Fact]
    public void Aceito_SendsCallback_AndConnectsWithThePeersCodec()
    {
        Machine.Call("bob", Bob);
        var effects = Machine.Receive(SignalingMessage.Accept("call1", CallCodec.Pcm), Bob);

        var expected = new CallInfo("call1", "bob", Bob, CallRole.Caller, CallCodec.Pcm);
        Assert.Equal<CallEffect>(
            [new SendSignal(SignalingMessage.Callback("call1"), Bob), new CallConnected(expected)], effects);
        Assert.Equal(CallState.InCall, Machine.State);
        Assert.Equal(expected, Machine.Current);
    }

    [Fact]
    public void Aceito_FromTheIpv4MappedFormOfThePeer_IsThePeers()
    {
        Machine.Call("bob", Bob);
        var mapped = new IPEndPoint(Bob.Address.MapToIPv6(), Bob.Port);
        Assert.Single(Machine.Receive(SignalingMessage.Accept("call1"), mapped).OfType<CallConnected>());
    }

    [Theory]
    [InlineData(SignalingReason.Busy, CallEndReason.Busy)]
    [InlineData(SignalingReason.Declined, CallEndReason.Declined)]
    [InlineData(SignalingReason.Unavailable, CallEndReason.Unavailable)]
    [InlineData(null, CallEndReason.Declined)]
    public void Rejeitado_EndsTheCallByItsReason(SignalingReason? reason, CallEndReason expected)
    {
        Machine.Call("bob", Bob);
        var effects = Machine.Receive(SignalingMessage.Reject("call1", reason), Bob);

        Assert.Equal(expected, Assert.IsType<CallEnded>(Assert.Single(effects)).Reason);
        Assert.Equal(CallState.Idle, Machine.State);
        Assert.Null(Machine.NextDeadline);
    }

    [Fact]
    public void HangUp_WhileInviting_CancelsAtOnce_AndRetransmitsEncerrarUntilItGivesUp()
    {
        Machine.Call("bob", Bob);
        _kit.RunUntil(1);
        var effects = Machine.HangUp();

        Assert.Equal(CallEndReason.CancelledLocally, Ended(effects).Reason);
        Assert.Equal(SignalingMessage.Hangup("call1", SignalingReason.Cancel), Assert.Single(Sent(effects)));
        Assert.Equal(CallState.Idle, Machine.State);
        var resent = _kit.RunUntil(60);
        Assert.Equal([1.5, 2.5, 4.5], resent.Select(s => s.At));
        Assert.All(resent, s => Assert.Equal(SignalingKind.Hangup, s.Message.Kind));
        Assert.Null(Machine.NextDeadline);
    }

    [Fact]
    public void LateAceito_AfterCancelling_IsIgnored()
    {
        Machine.Call("bob", Bob);
        Machine.HangUp();
        Assert.Empty(Machine.Receive(SignalingMessage.Accept("call1"), Bob));
        Assert.Equal(CallState.Idle, Machine.State);
    }

    [Fact]
    public void AnswersFromAnyoneButThePeer_OrForAnotherCall_AreIgnored()
    {
        Machine.Call("bob", Bob);
        Assert.Empty(Machine.Receive(SignalingMessage.Accept("call1"), Carol));
        Assert.Empty(Machine.Receive(SignalingMessage.Accept("call1"), new IPEndPoint(Bob.Address, Bob.Port + 1)));
        Assert.Empty(Machine.Receive(SignalingMessage.Reject("call1", SignalingReason.Busy), Carol));
        Assert.Empty(Machine.Receive(SignalingMessage.Hangup("call1"), Carol));
        Assert.Empty(Machine.Receive(SignalingMessage.Accept("other"), Bob));
        Assert.Empty(Machine.Receive(SignalingMessage.Callback("call1"), Bob));
        Assert.Equal(CallState.Inviting, Machine.State);
    }

    [Fact]
    public void RetransmittedAceito_InCall_GetsCallbackAgain()
    {
        _kit.ConnectAsCaller();
        var effects = Machine.Receive(SignalingMessage.Accept("call1", CallCodec.Pcm), Bob);

        Assert.Equal(new SendSignal(SignalingMessage.Callback("call1"), Bob), Assert.Single(effects));
        Assert.Equal(CallState.InCall, Machine.State);
    }

    [Fact]
    public void Call_WhileNotIdle_IsRefused()
    {
        Machine.Call("bob", Bob);
        Assert.Throws<InvalidOperationException>(() => Machine.Call("carol", Carol));
        Assert.Equal("call1", Machine.Current?.CallId);
    }

    [Fact]
    public void Encerrar_FromTheCalleeWhileInviting_IsAckedAndEndsTheCall()
    {
        // The callee accepted, its ACEITO was lost, and it gave up waiting for CALLBACK.
        Machine.Call("bob", Bob);
        var effects = Machine.Receive(SignalingMessage.Hangup("call1", SignalingReason.Timeout), Bob);

        Assert.Equal(SignalingMessage.HangupAck("call1"), Assert.Single(Sent(effects)));
        Assert.Equal(CallEndReason.ConnectionLost, Ended(effects).Reason);
    }

    [Fact]
    public void Constructor_RefusesAnInvalidLocalName() =>
        Assert.Throws<ArgumentException>(() => new CallStateMachine(
            new FakeTimeProvider(), "no spaces", Alice, CallTimings.Default, CallId.NewRandom));

    [Fact]
    public void Call_RefusesAnInvalidGeneratedId()
    {
        var machine = new CallStateMachine(new FakeTimeProvider(), "alice", Alice, CallTimings.Default, () => "bad id");
        Assert.Throws<InvalidOperationException>(() => machine.Call("bob", Bob));
        Assert.Equal(CallState.Idle, machine.State);
    }
}
