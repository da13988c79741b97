using System.Buffers.Text;
using Org.BouncyCastle.Crypto.Digests;
using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>
/// ML-KEM-768 through Sala's own wrappers checked against the accumulated vectors of Go's crypto/mlkem (the C2SP
/// "accumulated" method): a SHAKE-128 stream with empty input gives, per round, the key seed d ‖ z, the message m and
/// a random ciphertext; the encapsulation key, the ciphertext, the shared secret and the implicit-rejection secret of
/// the random ciphertext go into a second SHAKE-128, whose first 32 bytes are published. 100 rounds cover key
/// generation, encapsulation, decapsulation and rejection of FIPS 203 as the reference implementation computes them.
/// </summary>
public sealed class MlKem768KnownAnswerTests
{
    private const string After100Rounds = "1114b1b6699ed191734fa339376afa7e285c9e6acf6ff0177d346696ce564415";

    [Fact]
    public void Keys_ciphertexts_and_secrets_match_the_accumulated_vectors_after_100_rounds()
    {
        var source = new ShakeDigest(128);
        var sink = new ShakeDigest(128);
        var seed = new byte[MlKemKeyPair.SeedBytes];
        var message = new byte[32];
        var random = new byte[MlKem768.CiphertextBytes];
        for (var round = 0; round < 100; round++)
        {
            source.Output(seed, 0, seed.Length);
            var pair = new MlKemKeyPair(seed);
            Absorb(sink, Base64Url.DecodeFromChars(pair.EncapsulationKey));

            source.Output(message, 0, message.Length);
            Assert.True(MlKem768.TryEncapsulate(pair.EncapsulationKey, new FixedRandom(message), out var ciphertext, out var secret));
            Absorb(sink, Base64Url.DecodeFromChars(ciphertext));
            Absorb(sink, secret);

            Assert.True(pair.TryDecapsulate(ciphertext, out var opened));
            Assert.Equal(secret, opened);

            source.Output(random, 0, random.Length);
            Assert.True(pair.TryDecapsulate(Base64Url.EncodeToString(random), out var rejected));
            Absorb(sink, rejected);
        }
        var digest = new byte[32];
        sink.OutputFinal(digest, 0, digest.Length);
        Assert.Equal(After100Rounds, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Keys_and_ciphertexts_have_the_sizes_FIPS_203_gives_for_ML_KEM_768()
    {
        var pair = new MlKemKeyPair();
        Assert.Equal(1184, Base64Url.DecodeFromChars(pair.EncapsulationKey).Length);
        Assert.True(MlKem768.TryEncapsulate(pair.EncapsulationKey, out var ciphertext, out var secret));
        Assert.Equal(1088, Base64Url.DecodeFromChars(ciphertext).Length);
        Assert.Equal(32, secret.Length);
    }

    [Fact]
    public void An_encapsulation_key_whose_coefficients_are_not_reduced_modulo_q_is_refused()
    {
        var key = Base64Url.DecodeFromChars(new MlKemKeyPair().EncapsulationKey);
        // The first 12-bit coefficient set to 4095, over q = 3329: FIPS 203 §7.2's modulus check fails.
        key[0] = 0xFF;
        key[1] |= 0x0F;
        Assert.False(MlKem768.TryEncapsulate(Base64Url.EncodeToString(key), out _, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("AAAA")]
    public void Text_that_is_not_a_key_or_a_ciphertext_of_the_right_length_is_refused(string? text)
    {
        Assert.False(MlKem768.TryEncapsulate(text, out _, out _));
        Assert.False(new MlKemKeyPair().TryDecapsulate(text, out _));
    }

    [Fact]
    public void A_key_one_byte_short_or_long_is_refused()
    {
        var pair = new MlKemKeyPair();
        var key = Base64Url.DecodeFromChars(pair.EncapsulationKey);
        Assert.False(MlKem768.TryEncapsulate(Base64Url.EncodeToString(key.AsSpan(..^1)), out _, out _));
        Assert.False(MlKem768.TryEncapsulate(Base64Url.EncodeToString([.. key, 0]), out _, out _));
        Assert.True(MlKem768.TryEncapsulate(pair.EncapsulationKey, out var ciphertext, out _));
        var bytes = Base64Url.DecodeFromChars(ciphertext);
        Assert.False(pair.TryDecapsulate(Base64Url.EncodeToString(bytes.AsSpan(..^1)), out _));
        Assert.False(pair.TryDecapsulate(Base64Url.EncodeToString([.. bytes, 0]), out _));
    }

    private static void Absorb(ShakeDigest sink, byte[] bytes) => sink.BlockUpdate(bytes, 0, bytes.Length);
}
