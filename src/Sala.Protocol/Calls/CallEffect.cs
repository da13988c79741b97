namespace Sala.Protocol.Calls;

/// <summary>Something the driver of a <see cref="CallStateMachine"/> must do: send a datagram, or tell the user.</summary>
public abstract record CallEffect;
