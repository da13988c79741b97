using System.Net;
using System.Net.Sockets;

namespace Sala.Protocol.Calls;

/// <summary>
/// Endpoint equality that sees 1.2.3.4:5 and [::ffff:1.2.3.4]:5 as one peer: a dual-mode socket reports IPv4 senders
/// in the mapped form while the registry gives the plain one. Allocation-free, as it runs for every media packet.
/// </summary>
internal static class PeerEndpoint
{
    public static bool Same(IPEndPoint a, IPEndPoint b)
    {
        if (a.Port != b.Port)
            return false;
        if (a.Address.Equals(b.Address))
            return true;
        if (a.Address.AddressFamily == b.Address.AddressFamily)
            return false;
        var (v4, v6) = a.Address.AddressFamily == AddressFamily.InterNetwork
            ? (a.Address, b.Address)
            : (b.Address, a.Address);
        if (!v6.IsIPv4MappedToIPv6)
            return false;
        Span<byte> mapped = stackalloc byte[16];
        Span<byte> plain = stackalloc byte[4];
        return v6.TryWriteBytes(mapped, out _) && v4.TryWriteBytes(plain, out _) && mapped[12..].SequenceEqual(plain);
    }
}
