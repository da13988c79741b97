using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sala.Protocol.Calls;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Calls;

/// <summary>One user's machine on a fake clock, with the addresses the tests use.</summary>
internal sealed class CallTestKit
{
    public static readonly IPEndPoint Alice = new(IPAddress.Parse("10.0.0.1"), 5001);
    public static readonly IPEndPoint Bob = new(IPAddress.Parse("10.0.0.2"), 5002);
    public static readonly IPEndPoint Carol = new(IPAddress.Parse("10.0.0.3"), 5003);

    private int _nextId;

    public CallTestKit(
        string name = "alice", IPEndPoint? local = null, FakeTimeProvider? time = null, string idPrefix = "call")
    {
        Time = time ?? new FakeTimeProvider();
        Start = Time.GetUtcNow();
        Machine = new CallStateMachine(
            Time, name, local ?? Alice, CallTimings.Default, () => idPrefix + ++_nextId, CallCodec.Opus);
    }

    public FakeTimeProvider Time { get; }

    public CallStateMachine Machine { get; }

    public DateTimeOffset Start { get; }

    /// <summary>Seconds since the kit was made, for readable schedules.</summary>
    public double Elapsed => (Time.GetUtcNow() - Start).TotalSeconds;

    public static SendSignal SentOne(IReadOnlyList<CallEffect> effects) => Assert.IsType<SendSignal>(Assert.Single(effects));

    public static IReadOnlyList<SignalingMessage> Sent(IReadOnlyList<CallEffect> effects) =>
        effects.OfType<SendSignal>().Select(s => s.Message).ToList();

    public static CallEnded Ended(IReadOnlyList<CallEffect> effects) => Assert.Single(effects.OfType<CallEnded>());

    public static SignalingMessage Invite(string callId = "c1", string name = "bob") =>
        SignalingMessage.Invite(callId, name, Bob, CallCodec.Pcm);

    /// <summary>Moves the clock to the next deadline and ticks; fails when there is none.</summary>
    public IReadOnlyList<CallEffect> TickAtNextDeadline()
    {
        var next = Machine.NextDeadline ?? throw new InvalidOperationException("No deadline pending.");
        if (next > Time.GetUtcNow())
            Time.SetUtcNow(next);
        return Machine.Tick();
    }

    public IReadOnlyList<CallEffect> AdvanceAndTick(double seconds)
    {
        Time.Advance(TimeSpan.FromSeconds(seconds));
        return Machine.Tick();
    }

    /// <summary>Ticks at every deadline up to <paramref name="seconds"/> after <see cref="Start"/>; notes each send's time.</summary>
    public List<(double At, SignalingMessage Message)> RunUntil(double seconds, List<CallEffect>? all = null)
    {
        var sent = new List<(double, SignalingMessage)>();
        var end = Start + TimeSpan.FromSeconds(seconds);
        while (Machine.NextDeadline is { } next && next <= end)
        {
            var effects = TickAtNextDeadline();
            all?.AddRange(effects);
            sent.AddRange(Sent(effects).Select(m => (Elapsed, m)));
        }
        if (Time.GetUtcNow() < end)
            Time.SetUtcNow(end);
        return sent;
    }

    /// <summary>Puts this machine (as Alice, the caller) in a call with Bob.</summary>
    public void ConnectAsCaller()
    {
        Machine.Call("bob", Bob);
        Machine.Receive(SignalingMessage.Accept("call1", CallCodec.Pcm), Bob);
        Assert.Equal(CallState.InCall, Machine.State);
    }

    /// <summary>Puts this machine (as Alice, the callee) in a call with Bob's call "c1".</summary>
    public void ConnectAsCallee()
    {
        Machine.Receive(Invite(), Bob);
        Machine.Accept();
        Machine.Receive(SignalingMessage.Callback("c1"), Bob);
        Assert.Equal(CallState.InCall, Machine.State);
    }
}
