using System.Buffers.Text;
using System.Collections.ObjectModel;
using System.Net;
using Sala.Calls.Security;
using Sala.Protocol.Calls;
using Sala.Protocol.Identity;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Tests.Security;

/// <summary>
/// Issue 16 item 3 as a table of verdicts, with no network: calls signed by identities. Alice calls bob, the registry
/// having given bob's identity to alice; mallory sends from anywhere, and cannot sign as either of them.
/// </summary>
public sealed class IdentityCallSecurityTests : IDisposable
{
    private const string CallId = "c1";
    private static readonly IPEndPoint AliceAddress = new(IPAddress.Parse("192.0.2.1"), 5000);
    private static readonly CallInfo AlicesCall = new(CallId, "bob", new IPEndPoint(IPAddress.Parse("192.0.2.2"), 5001), CallRole.Caller, null);

    private readonly IdentityKey _aliceKey = IdentityKey.Create();
    private readonly IdentityKey _bobKey = IdentityKey.Create();
    private readonly IdentityKey _malloryKey = IdentityKey.Create();
    private readonly CallSecurity _alice;
    private readonly CallSecurity _bob;
    private readonly CallSecurity _mallory;

    public IdentityCallSecurityTests()
    {
        _alice = new CallSecurity(EncryptionPolicy.Required, "alice", _aliceKey);
        _bob = new CallSecurity(EncryptionPolicy.Required, "bob", _bobKey);
        _mallory = new CallSecurity(EncryptionPolicy.Required, "mallory", _malloryKey);
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _mallory.Dispose();
        _aliceKey.Dispose();
        _bobKey.Dispose();
        _malloryKey.Dispose();
    }

    private SignalingMessage Invite(IdentityFingerprint? expected = null)
    {
        _alice.ExpectedCallee = expected;
        var invite = _alice.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress), AlicesCall);
        _alice.ExpectedCallee = null;
        return invite;
    }

    [Fact]
    public void The_callee_learns_the_identity_the_caller_signed_its_invitation_with()
    {
        Assert.Equal(SecurityVerdict.Accept, _bob.Incoming(Invite(), null, CallState.Idle));

        Assert.Equal(_aliceKey.Fingerprint, _bob.InfoFor(CallId).PeerIdentity);
    }

    [Fact]
    public void An_invitation_signed_for_someone_else_is_dropped()
    {
        var forCarol = _alice.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress), AlicesCall with { PeerName = "carol" });

        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(forCarol, null, CallState.Idle));
    }

    [Fact]
    public void An_answer_proving_the_expected_identity_connects_and_names_it()
    {
        _bob.Incoming(Invite(_bobKey.Fingerprint), null, CallState.Idle);
        var answer = _bob.Outgoing(SignalingMessage.Accept(CallId));

        Assert.Equal(SecurityVerdict.Accept, _alice.Incoming(answer, AlicesCall, CallState.Inviting));
        Assert.Equal(_bobKey.Fingerprint, _alice.InfoFor(CallId).PeerIdentity);
        Assert.Equal(_bob.InfoFor(CallId).ShortAuthenticationString, _alice.InfoFor(CallId).ShortAuthenticationString);
    }

    [Fact]
    public void A_signed_call_is_post_quantum_too_and_its_invitation_stripped_of_ML_KEM_is_dropped_not_downgraded()
    {
        var invite = Invite(_bobKey.Fingerprint);
        Assert.True(invite.OtherFields.ContainsKey(SecurityFields.PostQuantum));
        var fields = invite.OtherFields.Where(f => f.Key != SecurityFields.PostQuantum).ToDictionary(StringComparer.Ordinal);
        var stripped = invite with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };
        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(stripped, null, CallState.Idle));

        Assert.Equal(SecurityVerdict.Accept, _bob.Incoming(invite, null, CallState.Idle));
        var answer = _bob.Outgoing(SignalingMessage.Accept(CallId));
        Assert.Equal(SecurityVerdict.Accept, _alice.Incoming(answer, AlicesCall, CallState.Inviting));
        Assert.True(_alice.InfoFor(CallId) is { PostQuantum: true, Encrypted: true });
        Assert.Equal(_bobKey.Fingerprint, _alice.InfoFor(CallId).PeerIdentity);
        Assert.Equal(_bob.InfoFor(CallId).ShortAuthenticationString, _alice.InfoFor(CallId).ShortAuthenticationString);
    }

    [Fact]
    public void An_answer_whose_ciphertext_was_changed_fails_its_identity_signature()
    {
        _bob.Incoming(Invite(_bobKey.Fingerprint), null, CallState.Idle);
        var answer = _bob.Outgoing(SignalingMessage.Accept(CallId));
        var ciphertext = Base64Url.DecodeFromChars(answer.OtherFields[SecurityFields.PostQuantum]);
        ciphertext[0] ^= 0x01;
        var fields = new Dictionary<string, string>(answer.OtherFields, StringComparer.Ordinal) { [SecurityFields.PostQuantum] = Base64Url.EncodeToString(ciphertext) };

        Assert.Equal(SecurityVerdict.Drop, _alice.Incoming(answer with { OtherFields = new ReadOnlyDictionary<string, string>(fields) }, AlicesCall, CallState.Inviting));
        Assert.Null(_alice.KeysFor(CallId));
    }

    [Fact]
    public void An_answer_from_another_identity_or_from_none_is_refused_when_the_registry_gave_one()
    {
        var invite = Invite(_bobKey.Fingerprint);
        // Signed for bob, the invitation means nothing to mallory under her own name.
        Assert.Equal(SecurityVerdict.Drop, _mallory.Incoming(invite, null, CallState.Idle));

        // So she answers as if she were bob (an impostor at bob's address), with her own key.
        using var impostor = new CallSecurity(EncryptionPolicy.Required, "bob", _malloryKey);
        impostor.Incoming(invite, null, CallState.Idle);
        Assert.Equal(SecurityVerdict.RefuseWrongIdentity, _alice.Incoming(impostor.Outgoing(SignalingMessage.Accept(CallId)), AlicesCall, CallState.Inviting));

        using var anonymous = new CallSecurity(EncryptionPolicy.Required, "bob");
        anonymous.Incoming(invite, null, CallState.Idle);
        Assert.Equal(SecurityVerdict.RefuseWrongIdentity, _alice.Incoming(anonymous.Outgoing(SignalingMessage.Accept(CallId)), AlicesCall, CallState.Inviting));
    }

    [Fact]
    public void A_spoofed_refusal_does_not_end_the_call_but_the_callees_own_does()
    {
        var invite = Invite(_bobKey.Fingerprint);
        _bob.Incoming(invite, null, CallState.Idle);

        Assert.Equal(SecurityVerdict.Drop, _alice.Incoming(SignalingMessage.Reject(CallId, SignalingReason.Declined), AlicesCall, CallState.Inviting));
        var malloryRefusal = SignedSignaling.Sign(SignalingMessage.Reject(CallId, SignalingReason.Declined), _malloryKey, []);
        Assert.Equal(SecurityVerdict.Drop, _alice.Incoming(malloryRefusal, AlicesCall, CallState.Inviting));

        var bobsRefusal = _bob.Outgoing(SignalingMessage.Reject(CallId, SignalingReason.Declined));
        Assert.Equal(SecurityVerdict.Accept, _alice.Incoming(bobsRefusal, AlicesCall, CallState.Inviting));
    }

    [Fact]
    public void A_spoofed_cancel_does_not_stop_the_ringing_but_the_callers_own_does()
    {
        _bob.Incoming(Invite(), null, CallState.Idle);
        var ringing = new CallInfo(CallId, "alice", AliceAddress, CallRole.Callee, null);

        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(SignalingMessage.Hangup(CallId, SignalingReason.Cancel), ringing, CallState.Ringing));
        var mallorysCancel = SignedSignaling.Sign(SignalingMessage.Hangup(CallId, SignalingReason.Cancel), _malloryKey, []);
        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(mallorysCancel, ringing, CallState.Ringing));

        var alicesCancel = _alice.Outgoing(SignalingMessage.Hangup(CallId, SignalingReason.Cancel), AlicesCall);
        Assert.Equal(SecurityVerdict.Accept, _bob.Incoming(alicesCancel, ringing, CallState.Ringing));
    }

    [Fact]
    public void Without_identities_refusals_and_cancels_are_taken_as_the_seed_sent_them()
    {
        using var plainAlice = new CallSecurity(EncryptionPolicy.Required, "alice");
        using var plainBob = new CallSecurity(EncryptionPolicy.Required, "bob");
        var invite = plainAlice.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress), AlicesCall);
        Assert.Equal(SecurityVerdict.Accept, plainBob.Incoming(invite, null, CallState.Idle));
        var ringing = new CallInfo(CallId, "alice", AliceAddress, CallRole.Callee, null);

        Assert.Null(plainBob.InfoFor(CallId).PeerIdentity);
        Assert.Equal(SecurityVerdict.Accept, plainAlice.Incoming(SignalingMessage.Reject(CallId), AlicesCall, CallState.Inviting));
        Assert.Equal(SecurityVerdict.Accept, plainBob.Incoming(SignalingMessage.Hangup(CallId, SignalingReason.Cancel), ringing, CallState.Ringing));
    }
}
