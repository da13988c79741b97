namespace Sala.Calls.Connectivity;

/// <summary>What a datagram from the TURN server turned out to be.</summary>
internal enum RelayedDatagram
{
    /// <summary>Not data from a peer (a response to one of our requests, say): handled as STUN.</summary>
    NotPeerData,

    /// <summary>A peer's datagram, unwrapped, with the peer's address.</summary>
    FromPeer,

    /// <summary>Data on a channel never asked for, or from a peer never permitted: dropped and counted.</summary>
    Refused,
}
