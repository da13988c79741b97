using Sala.Registry;

namespace Sala.Cli.Tests.Logging;

/// <summary>An in-memory store whose lookups of one name fail as an unreachable Redis would.</summary>
internal sealed class FailingLookupStore(string failingName) : IRegistryStore
{
    private readonly InMemoryRegistryStore _inner = new();

    public ValueTask<bool> TryClaimAsync(Registration registration, RegistrationOwner owner, CancellationToken cancellationToken) =>
        _inner.TryClaimAsync(registration, owner, cancellationToken);

    public ValueTask<Registration?> LookupAsync(string name, CancellationToken cancellationToken) =>
        name == failingName
            ? throw new RegistryStoreUnavailableException("store unavailable", new IOException("connection refused"))
            : _inner.LookupAsync(name, cancellationToken);

    public ValueTask<OwnedRegistration?> FindOwnerAsync(string name, CancellationToken cancellationToken) =>
        _inner.FindOwnerAsync(name, cancellationToken);

    public ValueTask<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

    public ValueTask<RemoveOutcome> RemoveIfOwnerAsync(string name, RegistrationOwner owner, CancellationToken cancellationToken) =>
        _inner.RemoveIfOwnerAsync(name, owner, cancellationToken);
}
