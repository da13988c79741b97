using System.Net;
using Sala.Protocol.Ice;
using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>
/// Answers the callee's checks that arrive before its answer does (RFC 8445 §7.3.1.4): the callee checks as soon as it
/// has answered, and its first checks can overtake the answer on its way through the registry. They are signed
/// with our password, which the offer gave, so they can be verified and answered already; the checks proper take
/// over when the answer comes.
/// </summary>
internal sealed class EarlyChecks(ConnectivityTransport transport, IceCredentials local, TurnAllocation? relay) : IBindingRequestHandler
{
    public bool OnBindingRequest(StunMessage request, IPEndPoint from, bool viaRelay)
    {
        if (request.GetString(StunAttributeType.Username)?.StartsWith($"{local.UsernameFragment}:", StringComparison.Ordinal) != true
            || !request.VerifyIntegrity(StunCredentials.ShortTermKey(local.Password)))
            return false;
        IceChecks.Answer(transport, relay, local, request, from, viaRelay);
        return true;
    }
}
