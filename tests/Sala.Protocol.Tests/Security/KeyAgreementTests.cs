using Sala.Protocol.Calls;
using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

public sealed class KeyAgreementTests
{
    private static (CallKeys Caller, CallKeys Callee) Agree(string callId = "c1", string caller = "alice", string callee = "bob")
    {
        using var a = new CallKeyExchange();
        using var b = new CallKeyExchange();
        var transcript = new CallTranscript(callId, caller, callee, a.PublicShare, b.PublicShare);
        Assert.True(a.TryDerive(b.PublicShare, CallRole.Caller, transcript, out var callerKeys));
        Assert.True(b.TryDerive(a.PublicShare, CallRole.Callee, transcript, out var calleeKeys));
        return (callerKeys, calleeKeys);
    }

    [Fact]
    public void Both_sides_derive_matching_keys_and_the_same_short_string()
    {
        var (caller, callee) = Agree();
        Assert.Equal(caller.SendKey, callee.ReceiveKey);
        Assert.Equal(caller.SendSalt, callee.ReceiveSalt);
        Assert.Equal(callee.SendKey, caller.ReceiveKey);
        Assert.Equal(caller.SendControlKey, callee.ReceiveControlKey);
        Assert.Equal(caller.ShortAuthenticationString, callee.ShortAuthenticationString);
        Assert.Equal(4, caller.ShortAuthenticationString.Split(' ').Length);
    }

    [Fact]
    public void Srtcp_session_keys_are_the_srtp_kdfs_labels_3_and_5_of_the_same_master_key_and_differ_from_srtps()
    {
        var (caller, _) = Agree();
        var rtcpKey = SrtpKeyDerivation.RtcpSessionKey(caller.SendKey, caller.SendSalt);
        var rtcpSalt = SrtpKeyDerivation.RtcpSessionSalt(caller.SendKey, caller.SendSalt);

        Assert.Equal(SrtpKeyDerivation.Derive(caller.SendKey, caller.SendSalt, 3, 16), rtcpKey);
        Assert.Equal(SrtpKeyDerivation.Derive(caller.SendKey, caller.SendSalt, 5, 12), rtcpSalt);
        Assert.NotEqual(SrtpKeyDerivation.RtpSessionKey(caller.SendKey, caller.SendSalt), rtcpKey);
        Assert.NotEqual(SrtpKeyDerivation.RtpSessionSalt(caller.SendKey, caller.SendSalt), rtcpSalt);
    }

    [Fact]
    public void Each_direction_has_its_own_key_and_salt()
    {
        var (caller, _) = Agree();
        Assert.NotEqual(caller.SendKey, caller.ReceiveKey);
        Assert.NotEqual(caller.SendSalt, caller.ReceiveSalt);
        Assert.NotEqual(caller.SendControlKey, caller.ReceiveControlKey);
    }

    [Fact]
    public void Every_call_gets_new_keys_even_between_the_same_people()
    {
        var first = Agree("same", "alice", "bob").Caller;
        var second = Agree("same", "alice", "bob").Caller;
        Assert.NotEqual(first.SendKey, second.SendKey);
        Assert.NotEqual(first.SendSalt, second.SendSalt);
    }

    [Fact]
    public void Names_compare_as_names_in_the_transcript()
    {
        var shares = ("k1", "k2");
        Assert.Equal(new CallTranscript("c", "Alice", "BOB", shares.Item1, shares.Item2).Hash(),
            new CallTranscript("c", "alice", "bob", shares.Item1, shares.Item2).Hash());
        Assert.NotEqual(new CallTranscript("c", "alice", "bob", shares.Item1, shares.Item2).Hash(),
            new CallTranscript("c", "alice", "carol", shares.Item1, shares.Item2).Hash());
    }

    [Fact]
    public void A_relay_in_the_middle_with_its_own_keys_shows_different_strings_on_the_two_sides()
    {
        using var alice = new CallKeyExchange();
        using var bob = new CallKeyExchange();
        using var mallorySideAlice = new CallKeyExchange();
        using var mallorySideBob = new CallKeyExchange();

        // Alice believes she talks to bob but got mallory's share; bob got mallory's share instead of alice's.
        var aliceTranscript = new CallTranscript("c1", "alice", "bob", alice.PublicShare, mallorySideAlice.PublicShare);
        var bobTranscript = new CallTranscript("c1", "alice", "bob", mallorySideBob.PublicShare, bob.PublicShare);
        Assert.True(alice.TryDerive(mallorySideAlice.PublicShare, CallRole.Caller, aliceTranscript, out var aliceKeys));
        Assert.True(bob.TryDerive(mallorySideBob.PublicShare, CallRole.Callee, bobTranscript, out var bobKeys));
        Assert.True(mallorySideAlice.TryDerive(alice.PublicShare, CallRole.Callee, aliceTranscript, out var malloryA));
        Assert.True(mallorySideBob.TryDerive(bob.PublicShare, CallRole.Caller, bobTranscript, out var malloryB));

        Assert.Equal(aliceKeys.ShortAuthenticationString, malloryA.ShortAuthenticationString);
        Assert.Equal(bobKeys.ShortAuthenticationString, malloryB.ShortAuthenticationString);
        Assert.NotEqual(aliceKeys.ShortAuthenticationString, bobKeys.ShortAuthenticationString);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_share_that_is_not_a_curve_point_gives_no_keys(string share)
    {
        using var a = new CallKeyExchange();
        Assert.False(a.TryDerive(share, CallRole.Caller, new CallTranscript("c", "a", "b", a.PublicShare, share), out _));
    }
}
