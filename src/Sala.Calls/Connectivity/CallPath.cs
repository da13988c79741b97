using System.Net;

namespace Sala.Calls.Connectivity;

/// <summary>
/// The way the connectivity checks found to the peer: the address the call sends to (and hears the peer from),
/// whether it leaves through our relay, and how long finding it took.
/// </summary>
public sealed record CallPath(CallPathKind Kind, IPEndPoint Peer, bool ViaOurRelay, string? RelayName, TimeSpan SetupTime)
{
    /// <summary>The path before any check: the seed's direct CONVITE to the registered address.</summary>
    public static CallPath Registered(IPEndPoint peer) => new(CallPathKind.Direct, peer, false, null, TimeSpan.Zero);

    /// <summary><c>direct (ip:port)</c>, <c>direct through NAT (ip:port)</c> or <c>relayed via host:port</c>.</summary>
    public string Describe() => Kind switch
    {
        CallPathKind.Direct => $"direct ({Peer})",
        CallPathKind.DirectThroughNat => $"direct through NAT ({Peer})",
        _ => $"relayed via {RelayName}",
    };
}
