namespace Sala.Media.Jitter;

/// <summary>Limits of the jitter buffer. The defaults are the ones Sala uses.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>
    /// The delay floor: one frame, so a packet arriving just after a frame was pulled still plays on time. A call's
    /// media session asks for less (10 ms, or 2.5 ms on 10 ms frames), because the pull phase already adds up to a
    /// frame (see MediaSession).
    /// </summary>
    public TimeSpan MinimumDelay { get; init; } = AudioFormat.FrameDuration;

    /// <summary>The delay ceiling: beyond ~400 ms a conversation turns into walkie-talkie (ITU-T G.114).</summary>
    public TimeSpan MaximumDelay { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// Target delay = floor + this × interarrival jitter (RFC 3550 §A.8). The jitter estimate is the mean absolute
    /// difference of two transit times; for uniformly spread delays it is a third of the spread, so 3 covers the
    /// whole spread and the floor is left as margin.
    /// </summary>
    public double JitterMultiplier { get; init; } = 3;

    /// <summary>Packet slots, a power of two; 64 frames are 1.28 s, three times the delay ceiling.</summary>
    public int Capacity { get; init; } = 64;

    /// <summary>Largest payload accepted: a packet that fits an Ethernet MTU.</summary>
    public int MaxPayloadBytes { get; init; } = 1500;
}
