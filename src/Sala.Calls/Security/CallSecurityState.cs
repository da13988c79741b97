using Sala.Protocol.Security;

namespace Sala.Calls.Security;

/// <summary>The key agreement of one call: this side's key pair, and once both shares are known, the keys.</summary>
internal sealed class CallSecurityState(CallKeyExchange? exchange) : IDisposable
{
    /// <summary>Null when this side does not encrypt.</summary>
    public CallKeyExchange? Exchange { get; } = exchange;

    public CallKeys? Keys { get; set; }

    /// <summary>
    /// The callee has its keys from the invitation, but the caller only from ACEITO: until ACEITO has gone out, the
    /// caller cannot tag anything (a cancel, say), so nothing from it is required to be.
    /// </summary>
    public bool PeerHasKeys { get; set; }

    public CallSecurityInfo Info => Keys is null ? CallSecurityInfo.Unencrypted : new CallSecurityInfo(true, Keys.ShortAuthenticationString);

    public void Dispose() => Exchange?.Dispose();
}
