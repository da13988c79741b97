using Sala.Media.Devices;
using Sala.Protocol.Calls;
using Sala.Protocol.Identity;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Tests.Security;

/// <summary>
/// Issue 16 item 3 between two call agents over UDP: each learns the identity the other signed the call with, a
/// refusal or cancel forged from the peer's own address no longer ends a ringing call, and a callee that cannot prove
/// the identity the registry gave is hung up on.
/// </summary>
public sealed class IdentityCallTests : IDisposable
{
    private readonly IdentityKey _aliceKey = IdentityKey.Create();
    private readonly IdentityKey _bobKey = IdentityKey.Create();

    public void Dispose()
    {
        _aliceKey.Dispose();
        _bobKey.Dispose();
    }

    [Fact]
    public async Task Both_sides_learn_each_others_identity_and_forged_refusals_and_cancels_change_nothing()
    {
        SpoofingTransport? aliceNet = null;
        SpoofingTransport? bobNet = null;
        await using var alice = Phone.Start("alice", () => new ToneSource(440), identity: _aliceKey, wrap: t => aliceNet = new SpoofingTransport(t));
        await using var bob = Phone.Start("bob", () => new ToneSource(660), identity: _bobKey, wrap: t => bobNet = new SpoofingTransport(t));

        alice.Agent.Call("bob", bob.EndPoint, _bobKey.Fingerprint);
        var ringing = await bob.NextAsync<IncomingCallEvent>();
        Assert.Equal(_aliceKey.Fingerprint, ringing.CallerIdentity);
        var callId = ringing.Call.CallId;

        // Sent from the right addresses, as the seed's protocol would take them: without the identities' signatures.
        aliceNet!.Arrive(SignalingMessage.Reject(callId, SignalingReason.Declined).ToBytes(), bob.EndPoint);
        bobNet!.Arrive(SignalingMessage.Hangup(callId, SignalingReason.Cancel).ToBytes(), alice.EndPoint);
        Assert.Equal(CallState.Inviting, alice.Agent.State);
        Assert.Equal(CallState.Ringing, bob.Agent.State);

        bob.Agent.Accept();
        var connected = await alice.NextAsync<CallConnectedEvent>();
        Assert.Equal(_bobKey.Fingerprint, connected.Security.PeerIdentity);
        Assert.Equal(_aliceKey.Fingerprint, (await bob.NextAsync<CallConnectedEvent>()).Security.PeerIdentity);
        alice.Agent.HangUp();
        Assert.Equal(CallEndReason.HungUpByPeer, (await bob.NextAsync<CallEndedEvent>()).Reason);
    }

    [Fact]
    public async Task A_callee_answering_with_another_identity_than_the_registrys_is_hung_up_on()
    {
        using var registered = IdentityKey.Create();
        await using var alice = Phone.Start("alice", () => new ToneSource(440), identity: _aliceKey);
        await using var bob = Phone.Start("bob", () => new ToneSource(660), identity: _bobKey);

        alice.Agent.Call("bob", bob.EndPoint, registered.Fingerprint);
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();

        Assert.Equal(CallEndReason.WrongIdentity, (await alice.NextAsync<CallEndedEvent>()).Reason);
        Assert.Equal(CallEndReason.CancelledByPeer, (await bob.NextAsync<CallEndedEvent>()).Reason);
    }
}
