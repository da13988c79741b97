using Sala.Calls.Media;
using Sala.Calls.Security;
using Sala.Protocol.Calls;
using Sala.Protocol.Identity;

namespace Sala.Calls;

/// <summary>What a <see cref="CallAgent"/> tells its user interface.</summary>
public abstract record CallEvent;

/// <summary>Someone is calling: answer with <see cref="CallAgent.Accept"/> or <see cref="CallAgent.Reject"/>.</summary>
public sealed record IncomingCallEvent(CallInfo Call) : CallEvent
{
    /// <summary>The identity the caller signed its invitation with; null when it has none (or the call is not encrypted).</summary>
    public IdentityFingerprint? CallerIdentity { get; init; }
}

/// <summary>Both sides are ready: audio flows both ways, encrypted or not as <paramref name="Security"/> says.</summary>
public sealed record CallConnectedEvent(CallInfo Call, CallSecurityInfo Security) : CallEvent;

/// <summary>The call is over (or never happened); <paramref name="Media"/> holds its figures when audio flowed.</summary>
public sealed record CallEndedEvent(CallInfo Call, CallEndReason Reason, MediaStatistics? Media) : CallEvent;

/// <summary>Something went wrong on this side that the user should know, such as a device that would not open.</summary>
public sealed record CallProblemEvent(string Message) : CallEvent;
