using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Sala.Calls.Transport;

/// <summary>
/// What the UDP port logs: the errors it survives, each once with its cause. A receive error is usually an ICMP
/// "port unreachable" for an earlier send (a peer gone), expected and harmless, so Debug; a handler that throws is a
/// bug that cost a datagram, so Error. Each method checks its level first: the receive path formats nothing otherwise.
/// </summary>
internal static partial class TransportLog
{
    [LoggerMessage(100, LogLevel.Debug, "UDP port {Port}: receive failed ({SocketError}); the port goes on")]
    public static partial void ReceiveFailed(this ILogger logger, int port, SocketError socketError, Exception exception);

    [LoggerMessage(101, LogLevel.Error, "UDP port {Port}: a datagram of {Length} bytes from {From} was dropped: its handler threw")]
    public static partial void HandlerFailed(this ILogger logger, int port, int length, IPEndPoint? from, Exception exception);
}
