namespace Sala.Protocol.Identity;

/// <summary>What <see cref="SignedSignaling.Verify"/> found on a message.</summary>
public enum SignatureCheck
{
    /// <summary>No identity on it: a peer without one, or an older client.</summary>
    NoIdentity,

    /// <summary>Signed by the identity it carries.</summary>
    Valid,

    /// <summary>An identity with a signature that does not verify, or one without the other: forged or broken.</summary>
    Invalid,
}
