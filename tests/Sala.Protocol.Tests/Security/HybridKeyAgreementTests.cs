using System.Buffers.Text;
using Sala.Protocol.Calls;
using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>
/// The hybrid agreement, ECDH P-256 and ML-KEM-768 both fed to the key schedule, played by both sides with nothing
/// in between but what a relay could tamper with: the caller's share and encapsulation key on their way to the
/// callee, the callee's share and ciphertext on their way back.
/// </summary>
public sealed class HybridKeyAgreementTests
{
    /// <summary>What travels: the CONVITE's share and key, the ACEITO's share and ciphertext.</summary>
    private sealed record Wire(string CallerShare, string EncapsulationKey, string CalleeShare, string Ciphertext);

    /// <summary>
    /// A whole agreement; <paramref name="toCallee"/> and <paramref name="toCaller"/> may change what crosses. Each
    /// side derives from what it sent and what it received, as CallSecurity does.
    /// </summary>
    private static (CallKeys Caller, CallKeys Callee) Agree(Func<Wire, Wire>? toCallee = null, Func<Wire, Wire>? toCaller = null)
    {
        using var caller = new CallKeyExchange();
        var callerPq = new MlKemKeyPair();
        var sent = new Wire(caller.PublicShare, callerPq.EncapsulationKey, "", "");
        var atCallee = (toCallee ?? (w => w))(sent);

        using var callee = new CallKeyExchange();
        Assert.True(MlKem768.TryEncapsulate(atCallee.EncapsulationKey, out var ciphertext, out var calleeSecret));
        var calleeTranscript = new CallTranscript("c1", "alice", "bob", atCallee.CallerShare, callee.PublicShare, atCallee.EncapsulationKey, ciphertext);
        Assert.True(callee.TryDerive(atCallee.CallerShare, calleeSecret, CallRole.Callee, calleeTranscript, out var calleeKeys));

        var atCaller = (toCaller ?? (w => w))(sent with { CalleeShare = callee.PublicShare, Ciphertext = ciphertext });
        Assert.True(callerPq.TryDecapsulate(atCaller.Ciphertext, out var callerSecret));
        var callerTranscript = new CallTranscript("c1", "alice", "bob", caller.PublicShare, atCaller.CalleeShare, callerPq.EncapsulationKey, atCaller.Ciphertext);
        Assert.True(caller.TryDerive(atCaller.CalleeShare, callerSecret, CallRole.Caller, callerTranscript, out var callerKeys));
        return (callerKeys, calleeKeys);
    }

    private static void AssertKeysMatch(CallKeys caller, CallKeys callee)
    {
        Assert.Equal(caller.SendKey, callee.ReceiveKey);
        Assert.Equal(caller.SendSalt, callee.ReceiveSalt);
        Assert.Equal(callee.SendKey, caller.ReceiveKey);
        Assert.Equal(caller.SendControlKey, callee.ReceiveControlKey);
        Assert.Equal(callee.SendControlKey, caller.ReceiveControlKey);
        Assert.Equal(caller.ShortAuthenticationString, callee.ShortAuthenticationString);
    }

    /// <summary>Nothing either side sends can be read or verified by the other, and the four words differ.</summary>
    private static void AssertAgreementFails(CallKeys caller, CallKeys callee)
    {
        Assert.NotEqual(caller.SendKey, callee.ReceiveKey);
        Assert.NotEqual(callee.SendKey, caller.ReceiveKey);
        Assert.NotEqual(caller.SendControlKey, callee.ReceiveControlKey);
        Assert.NotEqual(callee.SendControlKey, caller.ReceiveControlKey);
        Assert.NotEqual(caller.ShortAuthenticationString, callee.ShortAuthenticationString);
    }

    private static string FlipABit(string base64Url, int index)
    {
        var bytes = Base64Url.DecodeFromChars(base64Url);
        bytes[index] ^= 0x01;
        return Base64Url.EncodeToString(bytes);
    }

    [Fact]
    public void Both_sides_derive_matching_post_quantum_keys()
    {
        var (caller, callee) = Agree();
        AssertKeysMatch(caller, callee);
        Assert.True(caller.PostQuantum);
        Assert.True(callee.PostQuantum);
    }

    [Fact]
    public void A_substituted_ECDH_share_in_the_invitation_fails_though_ML_KEM_is_untouched()
    {
        using var mallory = new CallKeyExchange();
        var (caller, callee) = Agree(toCallee: w => w with { CallerShare = mallory.PublicShare });
        AssertAgreementFails(caller, callee);
    }

    [Fact]
    public void A_substituted_ECDH_share_in_the_answer_fails_though_ML_KEM_is_untouched()
    {
        using var mallory = new CallKeyExchange();
        var (caller, callee) = Agree(toCaller: w => w with { CalleeShare = mallory.PublicShare });
        AssertAgreementFails(caller, callee);
    }

    [Fact]
    public void A_tampered_ciphertext_fails_though_ECDH_is_untouched()
    {
        // Implicit rejection: the caller opens it to another secret, no error; the keys then differ.
        var (caller, callee) = Agree(toCaller: w => w with { Ciphertext = FlipABit(w.Ciphertext, 500) });
        AssertAgreementFails(caller, callee);
    }

    [Fact]
    public void A_substituted_encapsulation_key_fails_though_ECDH_is_untouched()
    {
        var mallory = new MlKemKeyPair();
        var (caller, callee) = Agree(toCallee: w => w with { EncapsulationKey = mallory.EncapsulationKey });
        AssertAgreementFails(caller, callee);
    }

    [Fact]
    public void An_encapsulation_key_with_one_coefficient_changed_fails_though_ECDH_is_untouched()
    {
        var (caller, callee) = Agree(toCallee: w => w with { EncapsulationKey = NextFirstCoefficient(w.EncapsulationKey) });
        AssertAgreementFails(caller, callee);
    }

    /// <summary>The first 12-bit coefficient plus one, modulo q = 3329: still a key (FIPS 203 §7.2), only another one.</summary>
    private static string NextFirstCoefficient(string encapsulationKey)
    {
        var bytes = Base64Url.DecodeFromChars(encapsulationKey);
        var coefficient = (bytes[0] | ((bytes[1] & 0x0F) << 8)) + 1;
        coefficient %= 3329;
        bytes[0] = (byte)coefficient;
        bytes[1] = (byte)((bytes[1] & 0xF0) | (coefficient >> 8));
        return Base64Url.EncodeToString(bytes);
    }

    [Fact]
    public void A_tampered_ciphertext_opens_to_another_secret_even_before_the_transcript_sees_it()
    {
        var pair = new MlKemKeyPair();
        Assert.True(MlKem768.TryEncapsulate(pair.EncapsulationKey, out var ciphertext, out var secret));
        Assert.True(pair.TryDecapsulate(FlipABit(ciphertext, 0), out var opened));
        Assert.NotEqual(secret, opened);
    }

    [Fact]
    public void The_same_key_pairs_give_other_keys_with_ML_KEM_than_without()
    {
        using var caller = new CallKeyExchange();
        using var callee = new CallKeyExchange();
        var pair = new MlKemKeyPair();
        Assert.True(MlKem768.TryEncapsulate(pair.EncapsulationKey, out var ciphertext, out var secret));
        var classic = new CallTranscript("c1", "alice", "bob", caller.PublicShare, callee.PublicShare);
        var hybrid = classic with { CallerPostQuantumKey = pair.EncapsulationKey, CalleePostQuantumCiphertext = ciphertext };

        Assert.True(caller.TryDerive(callee.PublicShare, CallRole.Caller, classic, out var classicKeys));
        Assert.True(caller.TryDerive(callee.PublicShare, secret, CallRole.Caller, hybrid, out var hybridKeys));
        Assert.False(classicKeys.PostQuantum);
        Assert.NotEqual(classicKeys.SendKey, hybridKeys.SendKey);
    }

    [Fact]
    public void A_transcript_with_only_one_half_of_ML_KEM_is_a_mistake_and_says_so()
    {
        Assert.Throws<InvalidOperationException>(() => new CallTranscript("c", "a", "b", "k1", "k2", CallerPostQuantumKey: "ek").Hash());
        Assert.Throws<InvalidOperationException>(() => new CallTranscript("c", "a", "b", "k1", "k2", CalleePostQuantumCiphertext: "ct").Hash());
    }

    [Fact]
    public void A_secret_without_a_hybrid_transcript_or_a_hybrid_transcript_without_a_secret_is_a_mistake()
    {
        using var caller = new CallKeyExchange();
        using var callee = new CallKeyExchange();
        var classic = new CallTranscript("c1", "alice", "bob", caller.PublicShare, callee.PublicShare);
        var hybrid = classic with { CallerPostQuantumKey = "ek", CalleePostQuantumCiphertext = "ct" };
        Assert.Throws<ArgumentException>(() => caller.TryDerive(callee.PublicShare, new byte[32], CallRole.Caller, classic, out _));
        Assert.Throws<ArgumentException>(() => caller.TryDerive(callee.PublicShare, CallRole.Caller, hybrid, out _));
        Assert.Throws<ArgumentException>(() => caller.TryDerive(callee.PublicShare, new byte[31], CallRole.Caller, hybrid, out _));
    }
}
