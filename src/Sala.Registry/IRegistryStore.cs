namespace Sala.Registry;

/// <summary>
/// Where registrations live. Every operation is atomic on its own, so several servers may share one store.
/// Names are matched by <see cref="Sala.Protocol.Registry.UserName.Key"/>.
/// </summary>
public interface IRegistryStore
{
    /// <summary>Adds the registration unless its name is taken; true when this call took it.</summary>
    ValueTask<bool> TryClaimAsync(Registration registration, RegistrationOwner owner, CancellationToken cancellationToken);

    ValueTask<Registration?> LookupAsync(string name, CancellationToken cancellationToken);

    /// <summary>The registration and the connection that holds it (on this server or another), for relaying SEND.</summary>
    ValueTask<OwnedRegistration?> FindOwnerAsync(string name, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken);

    ValueTask<RemoveOutcome> RemoveIfOwnerAsync(string name, RegistrationOwner owner, CancellationToken cancellationToken);
}
