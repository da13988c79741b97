using System.Net;

namespace Sala.Calls.Transport;

/// <summary>The sending half of a transport, which is all the media of a call needs.</summary>
public interface IDatagramSender
{
    /// <summary>Sends without waiting; a datagram that cannot be sent is lost, as UDP may lose any.</summary>
    void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination);
}
