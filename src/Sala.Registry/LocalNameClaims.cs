using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// What the claim stores of one process share: one lock around each read-decide-write, the rule of who may claim or
/// release (<see cref="NameClaim"/>), and claims lapsing <c>lapseAfter</c> after their last use. A store only reads,
/// writes and deletes a claim by its name key.
/// </summary>
public abstract class LocalNameClaims(TimeSpan lapseAfter, TimeProvider time) : INameClaims
{
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
            Write(key, new NameClaim(name, publicKey, time.GetUtcNow()));
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
                Delete(key);
            return ValueTask.FromResult(outcome);
        }
    }

    /// <summary>The claim kept under <paramref name="key"/>, lapsed or not; null when there is none. Called under the lock.</summary>
    protected abstract NameClaim? Read(string key);

    /// <summary>Keeps <paramref name="claim"/> under <paramref name="key"/>, replacing any; durable when this returns. Called under the lock.</summary>
    protected abstract void Write(string key, NameClaim claim);

    /// <summary>Forgets the claim under <paramref name="key"/>; durable when this returns. Called under the lock.</summary>
    protected abstract void Delete(string key);

    private NameClaim? Live(string key) => Read(key) is { } claim && time.GetUtcNow() - claim.LastUsed < lapseAfter ? claim : null;
}
