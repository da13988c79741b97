namespace Sala.Protocol.Signaling;

/// <summary>
/// The <c>reason=</c> field: <c>busy</c>, <c>declined</c>, <c>unavailable</c> and <c>unencrypted</c> go on REJEITADO,
/// <c>hangup</c>, <c>cancel</c> and <c>timeout</c> on ENCERRAR.
/// </summary>
public enum SignalingReason
{
    Busy,
    Declined,
    Unavailable,
    Hangup,
    Cancel,
    Timeout,

    /// <summary>REJEITADO: the callee takes only encrypted calls and the invitation offered no key.</summary>
    Unencrypted,
}
