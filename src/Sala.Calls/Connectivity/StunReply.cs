using System.Net;
using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>A STUN response, where it came from, and whether it came through our TURN relay.</summary>
internal sealed record StunReply(StunMessage Message, IPEndPoint From, bool ViaRelay);
