namespace Sala.Protocol.Calls;

public enum CallEndReason
{
    HungUpLocally,
    HungUpByPeer,

    /// <summary>The callee said no (REJEITADO reason=declined, or no reason); also the callee's own refusal.</summary>
    Declined,
    Busy,

    /// <summary>Nobody answered within the ring timeout.</summary>
    NoAnswer,
    CancelledLocally,
    CancelledByPeer,

    /// <summary>The peer went silent, or the call could not be completed (lost CALLBACK, peer timeout).</summary>
    ConnectionLost,
    Unavailable,

    /// <summary>The callee takes only encrypted calls, and this side offered none.</summary>
    EncryptionRequired,

    /// <summary>The peer does not encrypt, and this side takes only encrypted calls.</summary>
    PeerUnencrypted,

    /// <summary>The callee answered without the identity the registry gave for its name, or with another one.</summary>
    WrongIdentity,
}
