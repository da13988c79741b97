using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>Claims held in memory: lost when the server stops. For tests and servers told to keep no files.</summary>
public sealed class InMemoryNameClaims(TimeSpan lapseAfter, TimeProvider time) : INameClaims
{
    private readonly Dictionary<string, NameClaim> _claims = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ValueTask<NameClaim?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return ValueTask.FromResult(Live(UserName.Key(name)));
    }

    public ValueTask<bool> ClaimAsync(string name, byte[] publicKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = UserName.Key(name);
            if (!NameClaim.Allows(Live(key), publicKey))
                return ValueTask.FromResult(false);
            _claims[key] = new NameClaim(name, publicKey, time.GetUtcNow());
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<ReleaseOutcome> ReleaseAsync(string name, byte[] publicKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = UserName.Key(name);
            var outcome = NameClaim.Release(Live(key), publicKey);
            if (outcome == ReleaseOutcome.Released)
                _claims.Remove(key);
            return ValueTask.FromResult(outcome);
        }
    }

    private NameClaim? Live(string key) =>
        _claims.TryGetValue(key, out var claim) && time.GetUtcNow() - claim.LastUsed < lapseAfter ? claim : null;
}
