using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Sala.Cli;

/// <summary>The IPv4 addresses a server bound to an address can be reached on, the LAN ones first.</summary>
internal static class ReachableAddresses
{
    public static IReadOnlyList<IPAddress> For(IPAddress bind)
    {
        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
            return [bind];
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily == AddressFamily.InterNetwork)
            .OrderBy(IPAddress.IsLoopback)
            .Distinct()
            .ToList();
        return addresses.Count > 0 ? addresses : [IPAddress.Loopback];
    }
}
