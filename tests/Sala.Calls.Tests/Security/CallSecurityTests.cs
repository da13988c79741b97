using System.Collections.ObjectModel;
using System.Net;
using Sala.Calls.Security;
using Sala.Protocol.Calls;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Tests.Security;

/// <summary>
/// CallSecurity as a table of verdicts: for each message a peer (or a stranger) may send, at each point of the key
/// agreement, what reaches the state machine. Two instances play alice (caller) and bob (callee) with no network.
/// </summary>
public sealed class CallSecurityTests : IDisposable
{
    private const string CallId = "c1";
    private static readonly IPEndPoint AliceAddress = new(IPAddress.Parse("192.0.2.1"), 5000);
    private static readonly IPEndPoint BobAddress = new(IPAddress.Parse("192.0.2.1"), 5001);
    private static readonly CallInfo AlicesCall = new(CallId, "bob", BobAddress, CallRole.Caller, null);

    private readonly CallSecurity _alice = new(EncryptionPolicy.Required, "alice");
    private readonly CallSecurity _bob = new(EncryptionPolicy.Required, "bob");

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    /// <summary>Invite and answer through both: after this both hold the keys.</summary>
    private (SignalingMessage Invite, SignalingMessage Accept) Agree()
    {
        var invite = _alice.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress));
        Assert.Equal(SecurityVerdict.Accept, _bob.Incoming(invite, null, CallState.Idle));
        var accept = _bob.Outgoing(SignalingMessage.Accept(CallId));
        Assert.Equal(SecurityVerdict.Accept, _alice.Incoming(accept, AlicesCall, CallState.Inviting));
        return (invite, accept);
    }

    private static SignalingMessage WithTag(SignalingMessage message, string tag)
    {
        var fields = new Dictionary<string, string>(message.OtherFields, StringComparer.Ordinal) { [SecurityFields.Tag] = tag };
        return message with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };
    }

    public enum Variant
    {
        Tagged,
        Untagged,
        WrongTag,
        TagOfAnotherMessage,
        RepeatedInTheSameCall,
        MovedToAnotherCall,
    }

    [Theory]
    [InlineData(Variant.Tagged, nameof(SecurityVerdict.Accept))]
    [InlineData(Variant.Untagged, nameof(SecurityVerdict.Drop))]
    [InlineData(Variant.WrongTag, nameof(SecurityVerdict.Drop))]
    [InlineData(Variant.TagOfAnotherMessage, nameof(SecurityVerdict.Drop))]
    // A repeat of a tagged message of this call is let through: retransmission repeats it, and the machine answers a
    // repeat without acting twice (a repeated ENCERRAR is acknowledged again).
    [InlineData(Variant.RepeatedInTheSameCall, nameof(SecurityVerdict.Accept))]
    // The same tag on another call's id: that call's keys (if any) differ, and the tag covers the id.
    [InlineData(Variant.MovedToAnotherCall, nameof(SecurityVerdict.Accept))]
    public void A_hang_up_after_both_hold_the_keys(Variant which, string verdict)
    {
        var expected = Enum.Parse<SecurityVerdict>(verdict);
        Agree();
        var genuine = _alice.Outgoing(SignalingMessage.Hangup(CallId, SignalingReason.Hangup));
        var message = which switch
        {
            Variant.Tagged => genuine,
            Variant.Untagged => SignalingMessage.Hangup(CallId, SignalingReason.Hangup),
            Variant.WrongTag => WithTag(genuine, "AAAAAAAAAAAAAAAAAAAAAA"),
            Variant.TagOfAnotherMessage => WithTag(SignalingMessage.Hangup(CallId, SignalingReason.Timeout),
                genuine.OtherFields[SecurityFields.Tag]),
            Variant.RepeatedInTheSameCall => genuine,
            Variant.MovedToAnotherCall => genuine with { CallId = "other" },
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
        if (which == Variant.RepeatedInTheSameCall)
            Assert.Equal(SecurityVerdict.Accept, _bob.Incoming(genuine, AlicesCall with { Role = CallRole.Callee }, CallState.InCall));

        Assert.Equal(expected, _bob.Incoming(message, AlicesCall with { Role = CallRole.Callee }, CallState.InCall));
        Assert.Equal(expected == SecurityVerdict.Drop ? 1 : 0, _bob.Dropped);
    }

    [Fact]
    public void A_hang_up_moved_onto_a_call_that_has_keys_is_dropped()
    {
        Agree();
        var genuine = _alice.Outgoing(SignalingMessage.Hangup(CallId, SignalingReason.Hangup));
        // A second call with its own keys: the first call's tag does not verify under them.
        var invite = _alice.Outgoing(SignalingMessage.Invite("c2", "alice", AliceAddress));
        _bob.Incoming(invite, null, CallState.Idle);
        _bob.Outgoing(SignalingMessage.Accept("c2"));

        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(genuine with { CallId = "c2" }, null, CallState.InCall));
    }

    [Fact]
    public void Before_the_keys_a_callers_untagged_cancel_is_taken_and_after_them_it_is_not()
    {
        var invite = _alice.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress));
        _bob.Incoming(invite, null, CallState.Idle);
        var cancel = SignalingMessage.Hangup(CallId, SignalingReason.Cancel);
        // Ringing: alice has no keys until bob's ACEITO, so she cannot tag her cancel.
        Assert.Equal(SecurityVerdict.Accept, _bob.Incoming(cancel, null, CallState.Ringing));

        _alice.Incoming(_bob.Outgoing(SignalingMessage.Accept(CallId)), AlicesCall, CallState.Inviting);
        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(cancel, null, CallState.InCall));
    }

    [Fact]
    public void The_callers_callback_is_tagged_once_it_holds_the_keys_and_verifies_at_the_callee()
    {
        Agree();
        var callback = _alice.Outgoing(SignalingMessage.Callback(CallId));
        Assert.True(callback.OtherFields.ContainsKey(SecurityFields.Tag));
        Assert.Equal(SecurityVerdict.Accept, _bob.Incoming(callback, null, CallState.InCall));
        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(SignalingMessage.Callback(CallId), null, CallState.InCall));
    }

    [Theory]
    [InlineData(EncryptionPolicy.Required, nameof(SecurityVerdict.RefuseUnencryptedInvite))]
    [InlineData(EncryptionPolicy.Preferred, nameof(SecurityVerdict.Accept))]
    [InlineData(EncryptionPolicy.Off, nameof(SecurityVerdict.Accept))]
    public void An_invitation_without_a_key(EncryptionPolicy policy, string verdict)
    {
        var expected = Enum.Parse<SecurityVerdict>(verdict);
        using var callee = new CallSecurity(policy, "bob");
        Assert.Equal(expected, callee.Incoming(SignalingMessage.Invite(CallId, "alice", AliceAddress), null, CallState.Idle));
    }

    [Fact]
    public void An_invitation_whose_key_is_not_a_point_is_dropped()
    {
        var invite = SignalingMessage.Invite(CallId, "alice", AliceAddress);
        var fields = new Dictionary<string, string> { [SecurityFields.Key] = new string('A', 86) };
        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(invite with { OtherFields = new ReadOnlyDictionary<string, string>(fields) }, null, CallState.Idle));
        Assert.Null(_bob.KeysFor(CallId));
    }

    [Theory]
    [InlineData(EncryptionPolicy.Required, nameof(SecurityVerdict.RefuseUnencryptedAnswer))]
    [InlineData(EncryptionPolicy.Preferred, nameof(SecurityVerdict.Accept))]
    public void An_answer_without_a_key_to_an_encrypted_invitation(EncryptionPolicy policy, string verdict)
    {
        var expected = Enum.Parse<SecurityVerdict>(verdict);
        using var caller = new CallSecurity(policy, "alice");
        caller.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress));
        Assert.Equal(expected, caller.Incoming(SignalingMessage.Accept(CallId), AlicesCall, CallState.Inviting));
        Assert.Null(caller.KeysFor(CallId));
    }

    private static SignalingMessage With(SignalingMessage message, string field, string value)
    {
        var fields = new Dictionary<string, string>(message.OtherFields, StringComparer.Ordinal) { [field] = value };
        return message with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };
    }

    [Fact]
    public void The_invitation_offers_an_encapsulation_key_and_the_answer_carries_the_ciphertext()
    {
        var (invite, accept) = Agree();
        Assert.True(invite.OtherFields.ContainsKey(SecurityFields.PostQuantum));
        Assert.True(accept.OtherFields.ContainsKey(SecurityFields.PostQuantum));
        Assert.True(_alice.InfoFor(CallId).PostQuantum);
        Assert.True(_bob.InfoFor(CallId).PostQuantum);
    }

    [Fact]
    public void An_invitation_whose_encapsulation_key_is_not_an_ML_KEM_key_is_dropped()
    {
        var invite = _alice.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress));
        Assert.Equal(SecurityVerdict.Drop, _bob.Incoming(With(invite, SecurityFields.PostQuantum, new string('A', 100)), null, CallState.Idle));
        Assert.Null(_bob.KeysFor(CallId));
    }

    [Fact]
    public void An_answer_whose_ciphertext_is_not_one_is_dropped_and_the_genuine_one_after_it_still_agrees()
    {
        var invite = _alice.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress));
        _bob.Incoming(invite, null, CallState.Idle);
        var accept = _bob.Outgoing(SignalingMessage.Accept(CallId));

        Assert.Equal(SecurityVerdict.Drop, _alice.Incoming(With(accept, SecurityFields.PostQuantum, "AAAA"), AlicesCall, CallState.Inviting));
        Assert.Null(_alice.KeysFor(CallId));
        Assert.Equal(SecurityVerdict.Accept, _alice.Incoming(accept, AlicesCall, CallState.Inviting));
        Assert.Equal(_bob.KeysFor(CallId)!.ReceiveKey, _alice.KeysFor(CallId)!.SendKey);
    }

    [Fact]
    public void An_answer_with_a_ciphertext_to_an_invitation_that_offered_no_key_is_dropped()
    {
        using var alice = new CallSecurity(EncryptionPolicy.Required, "alice", postQuantum: false);
        var invite = alice.Outgoing(SignalingMessage.Invite(CallId, "alice", AliceAddress));
        Assert.False(invite.OtherFields.ContainsKey(SecurityFields.PostQuantum));
        _bob.Incoming(invite, null, CallState.Idle);
        var accept = _bob.Outgoing(SignalingMessage.Accept(CallId));
        Assert.False(accept.OtherFields.ContainsKey(SecurityFields.PostQuantum));

        var pair = new MlKemKeyPair();
        Assert.True(MlKem768.TryEncapsulate(pair.EncapsulationKey, out var ciphertext, out _));
        Assert.Equal(SecurityVerdict.Drop, alice.Incoming(With(accept, SecurityFields.PostQuantum, ciphertext), AlicesCall, CallState.Inviting));
        Assert.Equal(SecurityVerdict.Accept, alice.Incoming(accept, AlicesCall, CallState.Inviting));
        Assert.False(alice.InfoFor(CallId).PostQuantum);
        Assert.True(alice.InfoFor(CallId).Encrypted);
    }

    [Fact]
    public void Both_sides_end_with_the_same_words_and_matching_master_keys()
    {
        Agree();
        var alice = _alice.KeysFor(CallId)!;
        var bob = _bob.KeysFor(CallId)!;
        Assert.Equal(alice.ShortAuthenticationString, bob.ShortAuthenticationString);
        Assert.Equal(alice.SendKey, bob.ReceiveKey);
        Assert.Equal(alice.SendSalt, bob.ReceiveSalt);
        Assert.True(_alice.InfoFor(CallId).Encrypted);
        Assert.False(_alice.InfoFor("unknown").Encrypted);
    }
}
