using Sala.Calls.Transport;
using Sala.Media.Devices;
using Sala.Protocol.Calls;

namespace Sala.Calls.Tests;

/// <summary>Calls that do not simply connect and hang up: each ends on both sides with the right reason.</summary>
public sealed class CallOutcomeTests
{
    [Fact]
    public async Task A_rejected_call_ends_as_declined_on_both_sides()
    {
        await using var alice = Phone.Start("alice", () => new SilenceSource());
        await using var bob = Phone.Start("bob", () => new SilenceSource());
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Reject();
        Assert.Equal(CallEndReason.Declined, (await alice.NextAsync<CallEndedEvent>()).Reason);
        Assert.Equal(CallEndReason.Declined, (await bob.NextAsync<CallEndedEvent>()).Reason);
        Assert.Empty(bob.Devices.Speakers);
    }

    [Fact]
    public async Task Calling_someone_already_in_a_call_is_busy_and_does_not_disturb_that_call()
    {
        await using var alice = Phone.Start("alice", () => new ToneSource(440));
        await using var bob = Phone.Start("bob", () => new ToneSource(660));
        await using var carol = Phone.Start("carol", () => new SilenceSource());
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        await alice.NextAsync<CallConnectedEvent>();
        await bob.NextAsync<CallConnectedEvent>();

        carol.Agent.Call("bob", bob.EndPoint);
        Assert.Equal(CallEndReason.Busy, (await carol.NextAsync<CallEndedEvent>()).Reason);
        Assert.Equal(CallState.InCall, bob.Agent.State);
        Assert.Equal(CallState.InCall, alice.Agent.State);

        bob.Agent.HangUp();
        Assert.Equal(CallEndReason.HungUpByPeer, (await alice.NextAsync<CallEndedEvent>()).Reason);
    }

    [Fact]
    public async Task A_call_nobody_answers_ends_as_no_answer_and_stops_the_ringing()
    {
        await using var alice = Phone.Start("alice", () => new SilenceSource());
        await using var bob = Phone.Start("bob", () => new SilenceSource(), timings: Phone.FastTimings with { RingTimeout = TimeSpan.FromSeconds(30) });
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        Assert.Equal(CallEndReason.NoAnswer, (await alice.NextAsync<CallEndedEvent>()).Reason);
        Assert.Equal(CallEndReason.CancelledByPeer, (await bob.NextAsync<CallEndedEvent>()).Reason);
        Assert.Equal(CallState.Idle, bob.Agent.State);
    }

    [Fact]
    public async Task The_caller_can_cancel_while_it_rings()
    {
        await using var alice = Phone.Start("alice", () => new SilenceSource());
        await using var bob = Phone.Start("bob", () => new SilenceSource());
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        alice.Agent.HangUp();
        Assert.Equal(CallEndReason.CancelledLocally, (await alice.NextAsync<CallEndedEvent>()).Reason);
        Assert.Equal(CallEndReason.CancelledByPeer, (await bob.NextAsync<CallEndedEvent>()).Reason);
    }

    [Fact]
    public async Task Calling_a_port_where_nobody_listens_gives_no_answer()
    {
        await using var alice = Phone.Start("alice", () => new SilenceSource());
        var nobody = UdpDatagramTransport.Bind(0);
        var endPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, nobody.LocalEndPoint.Port);
        await nobody.DisposeAsync();
        alice.Agent.Call("ghost", endPoint);
        Assert.Equal(CallEndReason.NoAnswer, (await alice.NextAsync<CallEndedEvent>()).Reason);
    }

    [Fact]
    public async Task A_peer_that_dies_mid_call_is_reported_as_connection_lost()
    {
        await using var alice = Phone.Start("alice", () => new ToneSource(440));
        var bob = Phone.Start("bob", () => new ToneSource(660));
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        await alice.NextAsync<CallConnectedEvent>();

        // Closing only the socket is what a killed process looks like from outside: no ENCERRAR, just silence.
        await bob.Transport.DisposeAsync();
        var ended = await alice.NextAsync<CallEndedEvent>();
        Assert.Equal(CallEndReason.ConnectionLost, ended.Reason);
        Assert.Equal(CallState.Idle, alice.Agent.State);
    }

    [Fact]
    public async Task After_a_call_both_sides_are_free_for_the_next_one()
    {
        await using var alice = Phone.Start("alice", () => new SilenceSource());
        await using var bob = Phone.Start("bob", () => new SilenceSource());
        for (var round = 0; round < 2; round++)
        {
            alice.Agent.Call("bob", bob.EndPoint);
            await bob.NextAsync<IncomingCallEvent>();
            bob.Agent.Accept();
            await alice.NextAsync<CallConnectedEvent>();
            await bob.NextAsync<CallConnectedEvent>();
            alice.Agent.HangUp();
            await alice.NextAsync<CallEndedEvent>();
            await bob.NextAsync<CallEndedEvent>();
        }
        Assert.Equal(2, bob.Devices.Speakers.Count);
    }
}
