using System.Net;

namespace Sala.Calls.Transport;

/// <summary>An endpoint with its socket address, serialized once for sending to it again and again.</summary>
internal sealed record SerializedEndPoint(IPEndPoint EndPoint, SocketAddress Address);
