using System.Net;

namespace Sala.Calls.Transport;

/// <summary>
/// Called for each received datagram, on the transport's receive thread or on the thread polling it, with how long the
/// datagram waited after the kernel received it (zero when it is handed over at once). The span is only valid during
/// the call: copy what must outlive it.
/// </summary>
public delegate void DatagramReceived(ReadOnlySpan<byte> datagram, IPEndPoint from, TimeSpan waited);
