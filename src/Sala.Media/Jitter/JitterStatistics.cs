namespace Sala.Media.Jitter;

/// <summary>
/// Counters of a playout since it was created. For every packet given to <c>Put</c>:
/// Received + Duplicates + Late + OutOfSequence + Rejected. Every received packet is Played, Dropped, Flushed or
/// still Buffered. Every frame pulled is Silent, Played, ConcealedFec, ConcealedPlc, Stretched or ComfortNoise.
/// </summary>
public readonly record struct JitterStatistics
{
    /// <summary>Packets accepted into the buffer.</summary>
    public long Received { get; init; }

    public long Duplicates { get; init; }

    /// <summary>Packets that came after their sequence number was played or given up.</summary>
    public long Late { get; init; }

    /// <summary>Packets far outside the sequence (RFC 3550 §A.1), dropped.</summary>
    public long OutOfSequence { get; init; }

    /// <summary>Packets too large or of an unknown payload type.</summary>
    public long Rejected { get; init; }

    /// <summary>
    /// Sequence numbers given up without ever being received. Frames a sender skipped in DTX took no sequence number,
    /// so they are not among them.
    /// </summary>
    public long Lost { get; init; }

    /// <summary>Packets decoded into the output.</summary>
    public long Played { get; init; }

    /// <summary>Quiet packets decoded but not played, to shrink the delay.</summary>
    public long Dropped { get; init; }

    /// <summary>Received packets thrown away unplayed: buffer overflow or stream restart.</summary>
    public long Flushed { get; init; }

    /// <summary>Played packets whose decoder failed (their frame was concealed instead).</summary>
    public long DecodeErrors { get; init; }

    public long ConcealedFec { get; init; }

    public long ConcealedPlc { get; init; }

    /// <summary>Concealment frames that added delay instead of replacing a lost packet.</summary>
    public long Stretched { get; init; }

    public long SilentFrames { get; init; }

    /// <summary>Frames of comfort noise over the sender's pauses (its DTX): neither loss nor added delay.</summary>
    public long ComfortNoise { get; init; }

    /// <summary>Times the playout faded out after too many concealed frames and started buffering again.</summary>
    public long Rebuffers { get; init; }

    /// <summary>Times the sender's sequence restarted (a far jump confirmed by the next packet), RFC 3550 §A.1.</summary>
    public long Restarts { get; init; }

    public int BufferedPackets { get; init; }

    /// <summary>How long the fastest recent packet waits before it is played, as of the last frame.</summary>
    public TimeSpan BufferedDelay { get; init; }

    public TimeSpan TargetDelay { get; init; }

    /// <summary>Interarrival jitter, RFC 3550 §A.8.</summary>
    public TimeSpan Jitter { get; init; }
}
