namespace Sala.Calls.Connectivity;

/// <summary>The relay could not be used; the message says why in words a user can act on.</summary>
public sealed class TurnException(string message) : Exception(message);
