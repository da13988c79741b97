using Sala.Calls.Connectivity;
using Sala.Registry;

namespace Sala.Cli.Client;

/// <summary>Call offers through the registry connection (<c>SEND</c>); anything it cannot do means "call directly".</summary>
internal sealed class RegistryOfferRelay(RegistrySession registry) : ICallOfferRelay
{
    public async Task<OfferRelayOutcome> SendAsync(string recipient, string text, CancellationToken cancellationToken)
    {
        try
        {
            return await registry.SendAsync(recipient, text, cancellationToken) switch
            {
                SendOutcome.Sent => OfferRelayOutcome.Sent,
                SendOutcome.NotFound => OfferRelayOutcome.NotFound,
                _ => OfferRelayOutcome.Unsupported,
            };
        }
        catch (Exception ex) when (ex is RegistryProtocolException or RegistryUnavailableException or ArgumentException)
        {
            // An older registry (ERR BAD_REQUEST), one unreachable now, or a line too long for it.
            return OfferRelayOutcome.Unsupported;
        }
    }
}
