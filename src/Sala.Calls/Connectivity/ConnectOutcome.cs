namespace Sala.Calls.Connectivity;

/// <summary>What setting up the way to a callee came to.</summary>
public sealed record ConnectOutcome(ConnectResult Result, CallPath? Path = null, string? Problem = null);
