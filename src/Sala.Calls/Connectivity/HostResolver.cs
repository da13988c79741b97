using System.Net;
using System.Net.Sockets;

namespace Sala.Calls.Connectivity;

/// <summary>A STUN or TURN server's name to the endpoint to send to: IPv4 first, as the relays Sala meets listen there.</summary>
public static class HostResolver
{
    /// <summary>A null endpoint when the name does not resolve (or resolves to nothing), with the reason.</summary>
    public static async Task<(IPEndPoint? EndPoint, string? WhyNot)> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return address is null ? (null, "it has no address") : (new IPEndPoint(address, port), null);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException)
        {
            // ArgumentException: a name longer than DNS allows.
            return (null, ex.Message);
        }
    }
}
