using System.Collections.Concurrent;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>The embedded store: one process, lock-free reads, atomic claim and owner-checked removal.</summary>
public sealed class InMemoryRegistryStore : IRegistryStore
{
    /// <summary>A key in UTF-16 units: 32 characters of the longest name, each of up to two units (a surrogate pair).</summary>
    private const int MaxKeyLength = UserName.MaxLength * 2;

    private readonly ConcurrentDictionary<string, Claim> _claims;
    private readonly ConcurrentDictionary<string, Claim>.AlternateLookup<ReadOnlySpan<char>> _claimsBySpan;

    public InMemoryRegistryStore()
    {
        _claims = new ConcurrentDictionary<string, Claim>(StringComparer.Ordinal);
        _claimsBySpan = _claims.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _claims.Count;

    public ValueTask<bool> TryClaimAsync(Registration registration, RegistrationOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return ValueTask.FromResult(_claims.TryAdd(UserName.Key(registration.Name), new Claim(registration, owner)));
    }

    public ValueTask<Registration?> LookupAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        // GET is the hot request: its key is built on the stack, not as a new string per lookup.
        Span<char> buffer = stackalloc char[MaxKeyLength];
        var length = UserName.WriteKey(name, buffer);
        var found = length >= 0
            ? _claimsBySpan.TryGetValue(buffer[..length], out var claim)
            : _claims.TryGetValue(UserName.Key(name), out claim);
        return ValueTask.FromResult(found ? claim!.Registration : null);
    }

    public ValueTask<OwnedRegistration?> FindOwnerAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ValueTask.FromResult(_claims.TryGetValue(UserName.Key(name), out var claim)
            ? new OwnedRegistration(claim.Registration, claim.Owner)
            : null);
    }

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
