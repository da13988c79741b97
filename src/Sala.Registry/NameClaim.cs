namespace Sala.Registry;

/// <summary>A name bound to an identity key (its SubjectPublicKeyInfo), last registered or claimed at <paramref name="LastUsed"/>.</summary>
public sealed record NameClaim(string Name, byte[] PublicKey, DateTimeOffset LastUsed)
{
    public bool IsHeldBy(ReadOnlySpan<byte> publicKey) => PublicKey.AsSpan().SequenceEqual(publicKey);

    /// <summary>Whether <paramref name="publicKey"/> may claim a name whose live claim is <paramref name="live"/>: when there is none, or it is its own.</summary>
    public static bool Allows(NameClaim? live, ReadOnlySpan<byte> publicKey) => live is null || live.IsHeldBy(publicKey);

    /// <summary>What releasing a name whose live claim is <paramref name="live"/> with <paramref name="publicKey"/> comes to.</summary>
    public static ReleaseOutcome Release(NameClaim? live, ReadOnlySpan<byte> publicKey) =>
        live is null ? ReleaseOutcome.NotClaimed : live.IsHeldBy(publicKey) ? ReleaseOutcome.Released : ReleaseOutcome.OtherKey;
}
