namespace Sala.Protocol.Signaling;

/// <summary>The five signaling words of MISSION.md section 2.</summary>
public enum SignalingKind
{
    /// <summary><c>CONVITE</c>: the caller invites.</summary>
    Invite,

    /// <summary><c>ACEITO</c>: the callee accepts.</summary>
    Accept,

    /// <summary><c>REJEITADO</c>: the callee declines, is busy or cannot take the call.</summary>
    Reject,

    /// <summary><c>CALLBACK</c>: the caller got the acceptance; both sides send audio.</summary>
    Callback,

    /// <summary><c>ENCERRAR</c>: ends or cancels the call; with <c>ack=1</c>, acknowledges an ENCERRAR.</summary>
    Hangup,
}
