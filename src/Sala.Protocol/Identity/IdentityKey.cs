using System.Security.Cryptography;

namespace Sala.Protocol.Identity;

/// <summary>
/// A user's long-term identity: an ECDSA P-256 key pair, made once and kept (the client stores it in its config
/// directory). Its public half, as SubjectPublicKeyInfo, is what a registry binds a name to and what a fingerprint is
/// taken of. Signatures are IEEE P1363 (r ‖ s, 64 bytes).
/// </summary>
public sealed class IdentityKey : IDisposable
{
    private readonly ECDsa _key;

    private IdentityKey(ECDsa key)
    {
        _key = key;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        Fingerprint = IdentityFingerprint.Of(PublicKey);
    }

    /// <summary>The public key as DER SubjectPublicKeyInfo (91 bytes for P-256).</summary>
    public byte[] PublicKey { get; }

    public IdentityFingerprint Fingerprint { get; }

    public static IdentityKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a key written by <see cref="ExportPem"/>.</summary>
    /// <exception cref="FormatException">The text holds no P-256 private key.</exception>
    public static IdentityKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
                throw new FormatException($"the key is not P-256 ({key.KeySize} bits)");
            return new IdentityKey(key);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"not an identity key: {ex.Message}", ex);
        }
    }

    /// <summary>The private key as PKCS#8 PEM: whoever holds this text can speak as this identity.</summary>
    public string ExportPem() => _key.ExportPkcs8PrivateKeyPem();

    public byte[] Sign(ReadOnlySpan<byte> message) => _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Whether <paramref name="signature"/> is this public key's over <paramref name="message"/>; false for any malformed input.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(publicKey, out var read);
            return read == publicKey.Length && key.KeySize == 256
                && key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
