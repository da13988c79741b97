namespace Sala.Registry;

/// <summary>What a <see cref="RegistrySession"/> tells its user about the connection to the registry.</summary>
public abstract record RegistrySessionEvent;
