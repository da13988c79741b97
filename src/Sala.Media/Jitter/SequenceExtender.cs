namespace Sala.Media.Jitter;

/// <summary>
/// Turns 16-bit RTP sequence numbers into a 64-bit count that survives wrap-around, following RFC 3550 §A.1:
/// ahead by less than MAX_DROPOUT is the stream going on (with a gap); behind by less than MAX_MISORDER is a
/// reordered or duplicated packet; anything else is a jump, believed only when the next packet follows it.
/// </summary>
internal sealed class SequenceExtender
{
    internal const int MaxDropout = 3000;
    internal const int MaxMisorder = 100;
    private const int SequenceModulo = 1 << 16;

    // Start well above zero so a packet a little behind the first one still extends to a positive number.
    private const long Origin = 1L << 20;

    private bool initialized;
    private int probation = -1;

    /// <summary>The highest extended sequence number seen.</summary>
    public long Highest { get; private set; }

    public SequenceStep Extend(ushort sequence, out long extended)
    {
        if (!initialized)
        {
            Start(sequence);
            extended = Highest;
            return SequenceStep.InStream;
        }

        var ahead = (ushort)(sequence - (ushort)Highest);
        if (ahead < MaxDropout)
        {
            Highest += ahead;
            extended = Highest;
            probation = -1;
            return SequenceStep.InStream;
        }

        if (ahead > SequenceModulo - MaxMisorder)
        {
            extended = Highest - (SequenceModulo - ahead);
            return SequenceStep.InStream;
        }

        if (sequence == probation)
        {
            Start(sequence);
            extended = Highest;
            return SequenceStep.Restarted;
        }

        probation = (sequence + 1) & (SequenceModulo - 1);
        extended = 0;
        return SequenceStep.Jumped;
    }

    public void Clear()
    {
        initialized = false;
        probation = -1;
        Highest = 0;
    }

    private void Start(ushort sequence)
    {
        initialized = true;
        probation = -1;
        Highest = Origin + sequence;
    }
}
