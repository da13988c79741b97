namespace Sala.Calls.Connectivity;

/// <summary>What the connector tells the user about calls set up by others.</summary>
public abstract record ConnectorEvent;

/// <summary>A caller's checks found a path; its CONVITE comes next, over that path.</summary>
public sealed record IncomingPathReady(string From, CallPath Path) : ConnectorEvent;

/// <summary>Someone tried to call, but no path worked.</summary>
public sealed record IncomingPathFailed(string From, string Problem) : ConnectorEvent;

/// <summary>The relay could not be used for this call; the call goes on without it.</summary>
public sealed record RelayUnavailable(string Problem) : ConnectorEvent;
