using Sala.Protocol.Identity;
using Sala.Protocol.Security;

namespace Sala.Calls.Security;

/// <summary>The key agreement of one call: this side's key pair, and once both shares are known, the keys.</summary>
internal sealed class CallSecurityState(CallKeyExchange? exchange, MlKemKeyPair? postQuantumKey = null) : IDisposable
{
    /// <summary>Null when this side does not encrypt.</summary>
    public CallKeyExchange? Exchange { get; } = exchange;

    /// <summary>The caller's ML-KEM-768 key pair, whose encapsulation key its CONVITE carries; null on the callee's side.</summary>
    public MlKemKeyPair? PostQuantumKey { get; } = postQuantumKey;

    /// <summary>The callee's ciphertext to the caller's encapsulation key, for its ACEITO; null when the caller sent none.</summary>
    public string? PostQuantumCiphertext { get; set; }

    public CallKeys? Keys { get; set; }

    /// <summary>
    /// The callee has its keys from the invitation, but the caller only from ACEITO: until ACEITO has gone out, the
    /// caller cannot tag anything (a cancel, say), so nothing from it is required to be.
    /// </summary>
    public bool PeerHasKeys { get; set; }

    /// <summary>The callee: the hash of the call's transcript, which its ACEITO's identity signature covers.</summary>
    public byte[]? TranscriptHash { get; set; }

    /// <summary>The identity the peer proved for this call; its REJEITADO or untagged ENCERRAR must then be signed by it.</summary>
    public IdentityFingerprint? PeerIdentity { get; set; }

    /// <summary>The caller: the identity the registry gave for the callee's name, which its answer must prove.</summary>
    public IdentityFingerprint? ExpectedPeerIdentity { get; set; }

    public CallSecurityInfo Info => Keys is null
        ? CallSecurityInfo.Unencrypted
        : new CallSecurityInfo(true, Keys.ShortAuthenticationString, Keys.PostQuantum) { PeerIdentity = PeerIdentity };

    public void Dispose() => Exchange?.Dispose();
}
