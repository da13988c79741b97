using System.Buffers.Text;
using System.Net;
using Sala.Protocol.Identity;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Tests.Identity;

/// <summary>Issue 16 items 1 and 2: the identity key, its fingerprint, and REGISTER's proof on the wire.</summary>
public sealed class IdentityKeyTests
{
    [Fact]
    public void A_key_written_as_pem_reads_back_as_the_same_identity_and_signs_what_its_public_half_verifies()
    {
        using var key = IdentityKey.Create();
        using var read = IdentityKey.FromPem(key.ExportPem());
        Assert.Equal(key.PublicKey, read.PublicKey);
        Assert.Equal(key.Fingerprint, read.Fingerprint);
        var message = "hello"u8.ToArray();
        var signature = read.Sign(message);
        Assert.Equal(64, signature.Length);
        Assert.True(IdentityKey.Verify(key.PublicKey, message, signature));
        Assert.False(IdentityKey.Verify(key.PublicKey, "hellO"u8, signature));
        using var other = IdentityKey.Create();
        Assert.False(IdentityKey.Verify(other.PublicKey, message, signature));
        Assert.False(IdentityKey.Verify([1, 2, 3], message, signature));
        Assert.Throws<FormatException>(() => IdentityKey.FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
    }

    [Fact]
    public void The_fingerprint_is_the_sha256_of_the_public_key_shown_as_eight_words()
    {
        using var key = IdentityKey.Create();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key.PublicKey)), key.Fingerprint.Hex);
        Assert.Equal(8, key.Fingerprint.Words.Split(' ').Length);
        using var other = IdentityKey.Create();
        Assert.NotEqual(key.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void Register_with_key_and_sig_parses_into_the_proof_and_nonce_is_a_command()
    {
        using var key = IdentityKey.Create();
        var signature = key.Sign(RegistrationProof.Message(new byte[16], "alice", IPAddress.Loopback, 5000));
        var line = $"REGISTER alice 127.0.0.1 5000 key={Base64Url.EncodeToString(key.PublicKey)} sig={Base64Url.EncodeToString(signature)}";
        Assert.True(line.Length < RegistryLineFramer.MaxLineBytes);

        var parsed = RegistryRequestParser.Parse(System.Text.Encoding.ASCII.GetBytes(line));

        Assert.True(parsed.IsValid, parsed.Error);
        Assert.Equal(key.PublicKey, parsed.Request.IdentityKey);
        Assert.Equal(signature, parsed.Request.Signature);
        Assert.Equal(RegistryCommand.Nonce, RegistryRequestParser.Parse("nonce"u8).Request.Command);
    }

    [Theory]
    [InlineData("REGISTER alice 127.0.0.1 5000 key=AAAA", "usage")]
    [InlineData("REGISTER alice 127.0.0.1 5000 key=!!!! sig=AAAA", "key=")]
    [InlineData("REGISTER alice 127.0.0.1 5000 sig=AAAA key=AAAA", "key=")]
    [InlineData("REGISTER alice 127.0.0.1 5000 key=AAAA sig=AAAA", "sig=")]
    [InlineData("NONCE now", "usage")]
    public void Malformed_proofs_are_refused_with_a_reason(string line, string reason)
    {
        var parsed = RegistryRequestParser.Parse(System.Text.Encoding.ASCII.GetBytes(line));
        Assert.False(parsed.IsValid);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }
}
