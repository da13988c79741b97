namespace Sala.Protocol.Calls;

/// <summary>
/// Retransmission and timeout settings of <see cref="CallStateMachine"/>. Every retransmitted message (CONVITE,
/// ACEITO, ENCERRAR) starts at <see cref="RetransmitInitial"/> and doubles up to <see cref="RetransmitMax"/>.
/// </summary>
public sealed record CallTimings
{
    public static CallTimings Default { get; } = new();

    public TimeSpan RetransmitInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetransmitMax { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Caller: CONVITE unanswered this long ends as no answer. Callee: it stops ringing after as long.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Callee: ACEITO sent and neither CALLBACK nor media after this long ends as connection lost.</summary>
    public TimeSpan AcceptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an ENCERRAR is retransmitted, in the background, until acknowledged.</summary>
    public TimeSpan HangupTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>In a call: nothing from the peer (signal or media) this long ends the call as connection lost.</summary>
    public TimeSpan PeerSilenceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an ended call's id is remembered to answer late retransmissions the same way.</summary>
    public TimeSpan FinishedCallMemory { get; init; } = TimeSpan.FromSeconds(60);
}
