namespace Sala.Registry.Tests;

/// <summary>
/// A store whose lookups of one name wait until the test opens the gate, as a lookup in Redis completes later on
/// another thread; everything else, and every other name, is answered by the store behind it at once.
/// <paramref name="honoursCancellation"/>: a server that stops cancels its requests' token; such a lookup then ends at
/// once, one that ignores the token (as StackExchange.Redis takes none) only when the gate opens.
/// </summary>
internal sealed class GatedRegistryStore(IRegistryStore inner, string gatedName, bool honoursCancellation = true) : IRegistryStore
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done once a lookup of the gated name waits at the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Lets the waiting lookup (and any later one) through, from a thread of the pool.</summary>
    public void Open() => _open.TrySetResult();

    public async ValueTask<Registration?> LookupAsync(string name, CancellationToken cancellationToken)
    {
        if (!string.Equals(name, gatedName, StringComparison.OrdinalIgnoreCase))
            return await inner.LookupAsync(name, cancellationToken);
        _entered.TrySetResult();
        await (honoursCancellation ? _open.Task.WaitAsync(cancellationToken) : _open.Task);
        return await inner.LookupAsync(name, cancellationToken);
    }

    public ValueTask<bool> TryClaimAsync(Registration registration, RegistrationOwner owner, CancellationToken cancellationToken) =>
        inner.TryClaimAsync(registration, owner, cancellationToken);

    public ValueTask<OwnedRegistration?> FindOwnerAsync(string name, CancellationToken cancellationToken) =>
        inner.FindOwnerAsync(name, cancellationToken);

    public ValueTask<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public ValueTask<RemoveOutcome> RemoveIfOwnerAsync(string name, RegistrationOwner owner, CancellationToken cancellationToken) =>
        inner.RemoveIfOwnerAsync(name, owner, cancellationToken);
}
