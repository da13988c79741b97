using System.Net;
using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>Takes the connectivity checks addressed to one username fragment.</summary>
internal interface IBindingRequestHandler
{
    /// <summary>Called on the receive thread; false when the request is refused (bad credentials), to be counted.</summary>
    bool OnBindingRequest(StunMessage request, IPEndPoint from, bool viaRelay);
}
