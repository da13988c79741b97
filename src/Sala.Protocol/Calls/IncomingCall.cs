namespace Sala.Protocol.Calls;

/// <summary>
/// A call rings: ask the user, then call <see cref="CallStateMachine.Accept"/> or <see cref="CallStateMachine.Reject"/>.
/// </summary>
public sealed record IncomingCall(CallInfo Call) : CallEffect;
