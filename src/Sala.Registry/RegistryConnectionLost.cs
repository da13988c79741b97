namespace Sala.Registry;

/// <summary>The connection to the registry is gone (the reason is one line); the session is reconnecting.</summary>
public sealed record RegistryConnectionLost(string Reason, bool ServerShutDown) : RegistrySessionEvent;
