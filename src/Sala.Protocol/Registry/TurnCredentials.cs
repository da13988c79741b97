namespace Sala.Protocol.Registry;

/// <summary>A TURN relay and time-limited credentials for it, as the registry hands them out (<c>OK TURN</c>).</summary>
public sealed record TurnCredentials(string Host, int Port, string Username, string Password, TimeSpan Lifetime);
