namespace Sala.Registry;

/// <summary>
/// Counts each operation on the store it wraps, and each that fails with <see cref="RegistryStoreUnavailableException"/>.
/// An operation that completes at once (the in-memory store) completes at once here too, with nothing allocated.
/// </summary>
internal sealed class MeasuredRegistryStore(IRegistryStore inner, RegistryMetrics metrics) : IRegistryStore
{
    public async ValueTask<bool> TryClaimAsync(Registration registration, RegistrationOwner owner, CancellationToken cancellationToken)
    {
        metrics.StoreRoundTrip("claim");
        try
        {
            return await inner.TryClaimAsync(registration, owner, cancellationToken);
        }
        catch (RegistryStoreUnavailableException)
        {
            metrics.StoreFailed("claim");
            throw;
        }
    }

    public ValueTask<Registration?> LookupAsync(string name, CancellationToken cancellationToken)
    {
        metrics.StoreRoundTrip("lookup");
        // GET is the hot request: no state machine when the store answers at once.
        ValueTask<Registration?> lookup;
        try
        {
            lookup = inner.LookupAsync(name, cancellationToken);
        }
        catch (Exception ex)
        {
            // A store may throw before it returns: counted and answered as one that fails later.
            lookup = ValueTask.FromException<Registration?>(ex);
        }
        return lookup.IsCompletedSuccessfully ? lookup : CountFailureAsync(lookup, "lookup");
    }

    private async ValueTask<T> CountFailureAsync<T>(ValueTask<T> operation, string name)
    {
        try
        {
            return await operation;
        }
        catch (RegistryStoreUnavailableException)
        {
            metrics.StoreFailed(name);
            throw;
        }
    }

    public async ValueTask<OwnedRegistration?> FindOwnerAsync(string name, CancellationToken cancellationToken)
    {
        metrics.StoreRoundTrip("find_owner");
        try
        {
            return await inner.FindOwnerAsync(name, cancellationToken);
        }
        catch (RegistryStoreUnavailableException)
        {
            metrics.StoreFailed("find_owner");
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken)
    {
        metrics.StoreRoundTrip("list");
        try
        {
            return await inner.ListAsync(cancellationToken);
        }
        catch (RegistryStoreUnavailableException)
        {
            metrics.StoreFailed("list");
            throw;
        }
    }

    public async ValueTask<RemoveOutcome> RemoveIfOwnerAsync(string name, RegistrationOwner owner, CancellationToken cancellationToken)
    {
        metrics.StoreRoundTrip("remove");
        try
        {
            return await inner.RemoveIfOwnerAsync(name, owner, cancellationToken);
        }
        catch (RegistryStoreUnavailableException)
        {
            metrics.StoreFailed("remove");
            throw;
        }
    }
}
