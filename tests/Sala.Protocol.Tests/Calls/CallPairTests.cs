using Sala.Protocol.Calls;
using Sala.Protocol.Signaling;
using static Sala.Protocol.Tests.Calls.CallTestKit;

namespace Sala.Protocol.Tests.Calls;

/// <summary>Two machines talking to each other, datagram by datagram or through a lossy in-memory network.</summary>
public sealed class CallPairTests
{
    private readonly CallTestKit _alice = new();
    private readonly CallTestKit _bob;

    public CallPairTests() => _bob = new CallTestKit("bob", Bob, _alice.Time);

    [Fact]
    public void LostCallback_IsRecoveredByTheAceitoRetransmission()
    {
        var invite = SentOne(_alice.Machine.Call("bob", Bob)).Message;
        Assert.IsType<IncomingCall>(Assert.Single(_bob.Machine.Receive(invite, Alice)));
        var aceito = SentOne(_bob.Machine.Accept()).Message;
        Assert.Equal(SignalingKind.Callback, Assert.Single(Sent(_alice.Machine.Receive(aceito, Bob))).Kind);

        // That CALLBACK is lost, and no media has reached Bob: after 500 ms he sends ACEITO again.
        var retransmitted = SentOne(_bob.TickAtNextDeadline()).Message;
        Assert.Equal(aceito, retransmitted);
        var callback = SentOne(_alice.Machine.Receive(retransmitted, Bob)).Message;
        var effects = _bob.Machine.Receive(callback, Alice);

        Assert.IsType<CallConnected>(Assert.Single(effects));
        Assert.Equal(CallState.InCall, _alice.Machine.State);
        Assert.Equal(CallState.InCall, _bob.Machine.State);
    }

    [Fact]
    public void LostEncerrarAck_IsRecoveredByTheEncerrarRetransmission()
    {
        var invite = SentOne(_alice.Machine.Call("bob", Bob)).Message;
        _bob.Machine.Receive(invite, Alice);
        var callback = Sent(_alice.Machine.Receive(SentOne(_bob.Machine.Accept()).Message, Bob)).Single();
        _bob.Machine.Receive(callback, Alice);

        var encerrar = Assert.Single(Sent(_alice.Machine.HangUp()));
        var bobEnds = _bob.Machine.Receive(encerrar, Alice);
        Assert.Equal(CallEndReason.HungUpByPeer, Ended(bobEnds).Reason);
        // Bob's ack is lost: Alice retransmits, and Bob, already idle, acks again.
        var again = SentOne(_alice.TickAtNextDeadline()).Message;
        Assert.Equal(encerrar, again);
        var ack = SentOne(_bob.Machine.Receive(again, Alice)).Message;
        Assert.True(ack.IsAck);

        Assert.Empty(_alice.Machine.Receive(ack, Bob));
        Assert.Null(_alice.Machine.NextDeadline);
        Assert.Null(_bob.Machine.NextDeadline);
    }

    [Fact]
    public void PerfectLink_CallsHangsUpAndCallsAgain()
    {
        var link = new LossyLink(seed: 0, loss: 0);
        link.B.OnIncoming = _ => link.B.Apply(link.B.Machine.Accept());
        link.A.Apply(link.A.Machine.Call("bob", Bob));
        link.Run(2);
        Assert.Equal(CallState.InCall, link.A.Machine.State);
        Assert.Equal(CallState.InCall, link.B.Machine.State);

        link.B.Apply(link.B.Machine.HangUp());
        link.Run(1);
        link.A.Apply(link.A.Machine.Call("bob", Bob));
        link.Run(2);

        Assert.Equal(["a1", "a2"], link.A.Events.OfType<CallConnected>().Select(c => c.Call.CallId));
        Assert.Equal(CallEndReason.HungUpByPeer, Assert.Single(link.A.Events.OfType<CallEnded>()).Reason);
        Assert.Equal(CallState.InCall, link.B.Machine.State);
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 50)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void CallThroughALinkLosing30Percent_ConnectsBothSides_AndEndsCleanly(int seed)
    {
        var link = RunLossyCall(seed);
        var log = string.Join('\n', link.Log);

        Assert.Equal([typeof(CallConnected), typeof(CallEnded)], link.A.Events.Select(e => e.GetType()));
        Assert.Equal(
            [typeof(IncomingCall), typeof(CallConnected), typeof(CallEnded)], link.B.Events.Select(e => e.GetType()));
        Assert.Equal(CallEndReason.HungUpLocally, link.A.Events.OfType<CallEnded>().Single().Reason);
        // When every ENCERRAR is lost (0.3^4, under 1 % of calls), Bob still ends, by the silence timeout.
        var everyHangupLost = link.Log.Where(l => l.Contains("reason=hangup", StringComparison.Ordinal))
            .All(l => l.EndsWith("(lost)", StringComparison.Ordinal));
        var expected = everyHangupLost ? CallEndReason.ConnectionLost : CallEndReason.HungUpByPeer;
        Assert.True(expected == link.B.Events.OfType<CallEnded>().Single().Reason, log);
        Assert.True(link.A.MediaReceived > 50, log);
        Assert.True(link.B.MediaReceived > 50, log);
        Assert.Equal(CallState.Idle, link.A.Machine.State);
        Assert.Equal(CallState.Idle, link.B.Machine.State);
        Assert.Null(link.A.Machine.NextDeadline);
        Assert.Null(link.B.Machine.NextDeadline);
    }

    [Fact]
    public void LossyLink_ReallyLosesAboutThirtyPercentOfTheSignals()
    {
        var calls = Seeds.Select(row => RunLossyCall(row.Data)).ToList();
        var rate = (double)calls.Sum(l => l.SignalsDropped) / calls.Sum(l => l.SignalsSent);
        Assert.InRange(rate, 0.2, 0.4);
    }

    /// <summary>Alice calls Bob, who answers after a second; Alice hangs up three seconds into the call.</summary>
    private static LossyLink RunLossyCall(int seed)
    {
        var link = new LossyLink(seed, loss: 0.3);
        link.B.OnIncoming = _ => link.At(TimeSpan.FromSeconds(1), () => link.B.Apply(link.B.Machine.Accept()));
        link.A.OnConnected = _ => link.At(TimeSpan.FromSeconds(3), () => link.A.Apply(link.A.Machine.HangUp()));
        link.A.Apply(link.A.Machine.Call("bob", Bob));
        link.Run(60);
        return link;
    }
}
