using System.Net;

namespace Sala.Calls.Connectivity;

public sealed record CallConnectorOptions(IPEndPoint Advertised)
{
    /// <summary>Where the server-reflexive candidate is learned: the registry's own port, or --stun.</summary>
    public IPEndPoint? StunServer { get; init; }

    /// <summary>The relay to allocate on for each call (from --turn, or credentials the registry hands out); null for none.</summary>
    public Func<CancellationToken, Task<TurnServer?>>? Relay { get; init; }

    /// <summary>How long a caller waits for the callee's candidates before taking it for an older client.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the checks may take on the caller's side; the callee waits a little longer to be told.</summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// How long a path found for an incoming call waits for its CONVITE, which follows the nomination at once; once it
    /// rings, the path is held until that call ends.
    /// </summary>
    public TimeSpan IncomingHold { get; init; } = TimeSpan.FromSeconds(10);
}
