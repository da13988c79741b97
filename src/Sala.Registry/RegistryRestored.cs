namespace Sala.Registry;

/// <summary>
/// Connected again; <paramref name="Name"/> is registered again (null when the session had no name to restore).
/// </summary>
public sealed record RegistryRestored(string? Name) : RegistrySessionEvent;
