using System.Net;
using System.Net.Sockets;

namespace Sala.Protocol.Ice;

/// <summary>One address a side can be reached at, with its ICE priority (RFC 8445 §5.1.2).</summary>
public sealed record IceCandidate(IceCandidateKind Kind, IPEndPoint EndPoint, uint Priority)
{
    /// <summary>A candidate with the priority RFC 8445 §5.1.2.1 recommends for its kind and address family.</summary>
    public static IceCandidate Create(IceCandidateKind kind, IPEndPoint endPoint) =>
        new(kind, Normalize(endPoint), PriorityOf(kind, endPoint.Address));

    /// <summary>
    /// (2^24) type preference + (2^8) local preference + (256 - component): host 126, peer-reflexive 110,
    /// server-reflexive 100, relayed 0; IPv6 before IPv4 (RFC 8421 §4); one component.
    /// </summary>
    public static uint PriorityOf(IceCandidateKind kind, IPAddress address)
    {
        uint type = kind switch
        {
            IceCandidateKind.Host => 126,
            IceCandidateKind.PeerReflexive => 110,
            IceCandidateKind.ServerReflexive => 100,
            _ => 0,
        };
        uint local = IsIPv6(address) ? 65535u : 65534u;
        return (type << 24) + (local << 8) + 255;
    }

    /// <summary>
    /// The priority of the pair (RFC 8445 §6.1.2.3) from the controlling side's candidate priority
    /// <paramref name="controlling"/> and the controlled side's <paramref name="controlled"/>.
    /// </summary>
    public static ulong PairPriority(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32) + 2ul * Math.Max(controlling, controlled) + (controlling > controlled ? 1ul : 0ul);

    /// <summary>IPv4 as a dotted quad, never as ::ffff:a.b.c.d, so that two forms of one address compare equal.</summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private static bool IsIPv6(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6;
}
