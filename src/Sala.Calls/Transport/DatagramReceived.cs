using System.Net;

namespace Sala.Calls.Transport;

/// <summary>
/// Called on the transport's receive thread for each datagram. The span is only valid during the call: copy what
/// must outlive it.
/// </summary>
public delegate void DatagramReceived(ReadOnlySpan<byte> datagram, IPEndPoint from);
