using System.Net;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Calls;

/// <summary>
/// One call as the user sees it. <paramref name="Peer"/> is where signaling and media go: for a callee, the source of
/// the CONVITE datagram (not the address written in it); for a caller, the endpoint it called.
/// <paramref name="PeerCodec"/> is the codec the peer said it sends (CONVITE or ACEITO), when it said one;
/// <see cref="PeerPacketTime"/> the packet time, in milliseconds, it asked to receive (<c>ptime=</c>), when it asked.
/// </summary>
public sealed record CallInfo(string CallId, string PeerName, IPEndPoint Peer, CallRole Role, CallCodec? PeerCodec)
{
    public int? PeerPacketTime { get; init; }
}
