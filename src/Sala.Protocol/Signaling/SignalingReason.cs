namespace Sala.Protocol.Signaling;

/// <summary>The <c>reason=</c> field: the first three go on REJEITADO, the last three on ENCERRAR.</summary>
public enum SignalingReason
{
    Busy,
    Declined,
    Unavailable,
    Hangup,
    Cancel,
    Timeout,
}
