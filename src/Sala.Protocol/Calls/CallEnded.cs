namespace Sala.Protocol.Calls;

/// <summary>The call is over for the user (stop media); an ENCERRAR still owed goes on in the background.</summary>
public sealed record CallEnded(CallInfo Call, CallEndReason Reason) : CallEffect;
