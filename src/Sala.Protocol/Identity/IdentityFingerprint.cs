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

    private IdentityFingerprint(byte[] hash) => Hash = hash;

    /// <summary>32 bytes.</summary>
    public byte[] Hash { get; }

    public string Words => string.Join(' ', Enumerable.Range(0, ShownBytes / ShortAuthenticationString.Bytes)
        .Select(i => ShortAuthenticationString.FromBytes(Hash.AsSpan(i * ShortAuthenticationString.Bytes, ShortAuthenticationString.Bytes))));

    public string Hex => Convert.ToHexStringLower(Hash);

    public static IdentityFingerprint Of(ReadOnlySpan<byte> publicKey) => new(SHA256.HashData(publicKey));

    public bool Equals(IdentityFingerprint? other) => other is not null && Hash.AsSpan().SequenceEqual(other.Hash);

    public override int GetHashCode() => BitConverter.ToInt32(Hash, 0);

    public override string ToString() => Words;
}
