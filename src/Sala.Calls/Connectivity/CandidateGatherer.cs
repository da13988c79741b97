using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Sala.Protocol.Ice;
using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>Finds this side's candidates (RFC 8445 §5.1.1): the machine's addresses, the NAT's, and the relay's.</summary>
internal static class CandidateGatherer
{
    private static readonly TimeSpan[] ServerSchedule = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)];

    /// <summary>Host candidates at most, leaving room in the offer for the reflexive and relayed ones.</summary>
    private const int MaxHosts = IceSignal.MaxCandidates - 2;

    /// <summary>
    /// The advertised address first (the one the registry has), then every other usable address of the machine:
    /// up, not loopback, and for IPv6 global or unique-local (link-local ones need a scope no peer can use).
    /// </summary>
    public static List<IceCandidate> Hosts(IPEndPoint advertised, bool dualStack)
    {
        var addresses = new List<IPAddress> { advertised.Address };
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                continue;
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                var usable = address.AddressFamily == AddressFamily.InterNetwork
                    || (dualStack && address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal
                        && !address.IsIPv6SiteLocal && !address.IsIPv4MappedToIPv6 && !address.Equals(IPAddress.IPv6Loopback));
                if (usable && !addresses.Contains(address))
                    addresses.Add(address);
            }
        }
        return [.. addresses.Take(MaxHosts).Select(a => IceCandidate.Create(IceCandidateKind.Host, new IPEndPoint(a, advertised.Port)))];
    }

    /// <summary>The call port's address as a STUN server sees it (RFC 8489 Binding); null when it does not answer soon.</summary>
    public static async Task<IPEndPoint?> ServerReflexiveAsync(ConnectivityTransport transport, IPEndPoint server, CancellationToken cancellationToken)
    {
        var request = new StunMessageWriter(StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom()).AddFingerprint();
        var reply = await transport.Transactions.RunAsync(request.TransactionId, () => transport.SendDirect(request.Written, server),
            ServerSchedule, cancellationToken);
        return reply is not null && reply.Message.Class == StunClass.SuccessResponse
            && reply.Message.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped)
            ? IceCandidate.Normalize(mapped)
            : null;
    }
}
