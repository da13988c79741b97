namespace Sala.Registry;

/// <summary>An attempt to reconnect failed; the next is made after <paramref name="NextAttemptIn"/>.</summary>
public sealed record RegistryReconnectFailed(int Attempt, string Reason, TimeSpan NextAttemptIn) : RegistrySessionEvent;
