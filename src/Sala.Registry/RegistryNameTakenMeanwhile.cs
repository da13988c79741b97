namespace Sala.Registry;

/// <summary>
/// Connected again, but someone registered <paramref name="Name"/> while the connection was down: the session is
/// connected and unregistered until <see cref="RegistrySession.RegisterAsync"/> is given another name.
/// </summary>
public sealed record RegistryNameTakenMeanwhile(string Name) : RegistrySessionEvent;
