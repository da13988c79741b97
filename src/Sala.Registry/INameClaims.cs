namespace Sala.Registry;

/// <summary>
/// Names claimed by identity keys (issue 16): once a registration proves a key for a free name, only that key may
/// register it, also while its owner is offline, until the claim lapses unused. Names compare as registrations do
/// (<see cref="Sala.Protocol.Registry.UserName.Key"/>).
/// </summary>
public interface INameClaims
{
    /// <summary>The live claim on <paramref name="name"/>, or null when it is unclaimed or its claim lapsed.</summary>
    ValueTask<NameClaim?> FindAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims <paramref name="name"/> for <paramref name="publicKey"/>, or renews the claim when that key holds it;
    /// false, changing nothing, when another key holds it. A true result is durable: a crash after it loses nothing.
    /// </summary>
    ValueTask<bool> ClaimAsync(string name, byte[] publicKey, CancellationToken cancellationToken = default);

    /// <summary>Gives up the claim on <paramref name="name"/> when <paramref name="publicKey"/> holds it; durable as a claim is.</summary>
    ValueTask<ReleaseOutcome> ReleaseAsync(string name, byte[] publicKey, CancellationToken cancellationToken = default);
}
