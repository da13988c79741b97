using System.Collections.Concurrent;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>The embedded store: one process, lock-free reads, atomic claim and owner-checked removal.</summary>
public sealed class InMemoryRegistryStore : IRegistryStore
{
    private readonly ConcurrentDictionary<string, Claim> _claims = new(StringComparer.Ordinal);

    public int Count => _claims.Count;

    public ValueTask<bool> TryClaimAsync(Registration registration, RegistrationOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return ValueTask.FromResult(_claims.TryAdd(UserName.Key(registration.Name), new Claim(registration, owner)));
    }

    public ValueTask<Registration?> LookupAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_claims.TryGetValue(UserName.Key(name), out var claim) ? claim.Registration : null);

    public ValueTask<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Registration> all = [.. _claims.Values.Select(c => c.Registration).OrderBy(r => r.Name, StringComparer.Ordinal)];
        return ValueTask.FromResult(all);
    }

    public ValueTask<RemoveOutcome> RemoveIfOwnerAsync(string name, RegistrationOwner owner, CancellationToken cancellationToken)
    {
        var key = UserName.Key(name);
        if (!_claims.TryGetValue(key, out var claim))
            return ValueTask.FromResult(RemoveOutcome.NotFound);
        if (claim.Owner != owner)
            return ValueTask.FromResult(RemoveOutcome.NotOwner);
        // Removes only this exact claim: a name released and re-claimed meanwhile by someone else stays theirs.
        var removed = _claims.TryRemove(new KeyValuePair<string, Claim>(key, claim));
        return ValueTask.FromResult(removed ? RemoveOutcome.Removed : RemoveOutcome.NotFound);
    }

    private sealed record Claim(Registration Registration, RegistrationOwner Owner);
}
