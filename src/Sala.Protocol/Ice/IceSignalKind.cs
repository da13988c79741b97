namespace Sala.Protocol.Ice;

/// <summary>The messages of the candidate exchange, which travel through the registry (its <c>SEND</c>/<c>MSG</c> lines).</summary>
public enum IceSignalKind
{
    /// <summary><c>OFFER</c>: the caller's credentials and candidates.</summary>
    Offer,

    /// <summary><c>ANSWER</c>: the callee's, in reply.</summary>
    Answer,

    /// <summary><c>BUSY</c>: the callee is in another call; no checks follow.</summary>
    Busy,
}
