namespace Sala.Registry;

/// <summary>A name bound to an identity key (its SubjectPublicKeyInfo), last registered or claimed at <paramref name="LastUsed"/>.</summary>
public sealed record NameClaim(string Name, byte[] PublicKey, DateTimeOffset LastUsed)
{
    public bool IsHeldBy(ReadOnlySpan<byte> publicKey) => PublicKey.AsSpan().SequenceEqual(publicKey);
}
