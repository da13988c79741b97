namespace Sala.Protocol.Calls;

/// <summary>Start media with <see cref="CallInfo.Peer"/>: caller on ACEITO, callee on CALLBACK or first media.</summary>
public sealed record CallConnected(CallInfo Call) : CallEffect;
