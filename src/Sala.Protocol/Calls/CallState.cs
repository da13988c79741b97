namespace Sala.Protocol.Calls;

public enum CallState
{
    Idle,

    /// <summary>Caller: CONVITE sent, waiting for ACEITO or REJEITADO.</summary>
    Inviting,

    /// <summary>Callee: CONVITE received, waiting for the user's answer.</summary>
    Ringing,

    /// <summary>Callee: ACEITO sent, waiting for CALLBACK or the caller's first media packet.</summary>
    Accepting,

    InCall,
}
