using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Sala.Protocol.Security;

namespace Sala.Protocol.Identity;

/// <summary>
/// The SHA-256 of an identity's public key (its SubjectPublicKeyInfo), shown to people as eight words from the same
/// list as a call's four-word code: 64 bits, read aloud or compared at a glance; the full hash is what is compared.
/// </summary>
public sealed record IdentityFingerprint
{
    private const int ShownBytes = 8;

    private string? _text;

    private IdentityFingerprint(byte[] hash) => Hash = hash;

    /// <summary>32 bytes.</summary>
    public byte[] Hash { get; }

    public string Words => string.Join(' ', Enumerable.Range(0, ShownBytes / ShortAuthenticationString.Bytes)
        .Select(i => ShortAuthenticationString.FromBytes(Hash.AsSpan(i * ShortAuthenticationString.Bytes, ShortAuthenticationString.Bytes))));

    public string Hex => Convert.ToHexStringLower(Hash);

    /// <summary>The whole hash as it travels in a registry's <c>id=</c> field: base64url, 43 characters.</summary>
    public string Text => _text ??= Base64Url.EncodeToString(Hash);

    public static IdentityFingerprint Of(ReadOnlySpan<byte> publicKey) => new(SHA256.HashData(publicKey));

    /// <summary>Reads <see cref="Text"/>; false for anything but 32 bytes in base64url.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IdentityFingerprint? fingerprint)
    {
        fingerprint = null;
        var hash = new byte[SHA256.HashSizeInBytes];
        if (text is null || !Base64Url.IsValid(text, out var length) || length != hash.Length
            || !Base64Url.TryDecodeFromChars(text, hash, out var written) || written != hash.Length)
            return false;
        fingerprint = new IdentityFingerprint(hash);
        return true;
    }

    /// <summary>Reads <see cref="Text"/> as UTF-8 bytes, as it stands in a registry line.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, [NotNullWhen(true)] out IdentityFingerprint? fingerprint)
    {
        fingerprint = null;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (!Base64Url.IsValid(utf8Text, out var length) || length != hash.Length
            || Base64Url.DecodeFromUtf8(utf8Text, hash, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != hash.Length)
            return false;
        fingerprint = new IdentityFingerprint(hash.ToArray());
        return true;
    }

    public bool Equals(IdentityFingerprint? other) => other is not null && Hash.AsSpan().SequenceEqual(other.Hash);

    public override int GetHashCode() => BitConverter.ToInt32(Hash, 0);

    public override string ToString() => Words;
}
