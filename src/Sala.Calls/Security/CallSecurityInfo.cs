using Sala.Protocol.Identity;

namespace Sala.Calls.Security;

/// <summary>
/// Whether a call is encrypted, and the four words both users can compare when it is; <see cref="PostQuantum"/> when
/// its keys come from ML-KEM-768 as well as ECDH, so a recording of it stays secret even against a quantum computer.
/// </summary>
public sealed record CallSecurityInfo(bool Encrypted, string? ShortAuthenticationString, bool PostQuantum = false)
{
    public static readonly CallSecurityInfo Unencrypted = new(false, null);

    /// <summary>The identity the peer signed the call with (issue 16); null when it has none, or the call is not encrypted.</summary>
    public IdentityFingerprint? PeerIdentity { get; init; }
}
