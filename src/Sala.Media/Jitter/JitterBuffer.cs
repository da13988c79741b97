namespace Sala.Media.Jitter;

/// <summary>
/// Holds received RTP packets in sequence order until their playout. Pure: time comes in as arguments, nothing is
/// allocated after construction (payloads are copied into preallocated slots), nothing is locked; one thread (the
/// playout's) calls it. Each packet carries one 20 ms frame, so the sequence number is the playout position and the
/// RTP timestamp serves only the jitter estimate.
/// </summary>
public sealed class JitterBuffer
{
    private static readonly long FrameTicks = AudioFormat.FrameDuration.Ticks;

    private readonly JitterBufferOptions options;
    private readonly Slot[] slots;
    private readonly byte[] storage;
    private readonly long mask;
    private readonly SequenceExtender sequences = new();
    private readonly InterarrivalJitter jitter;
    private readonly TransitFloor transitFloor = new();

    // Sequence numbers below `next` have been played or given up; buffered packets are in [next, next + capacity).
    private long next;
    private bool hasNext;
    private bool started;

    public JitterBuffer(JitterBufferOptions? options = null)
    {
        this.options = options ?? new JitterBufferOptions();
        var o = this.options;
        var maxFrames = o.MaximumDelay.Ticks / FrameTicks;
        if (o.MinimumDelay < TimeSpan.Zero || o.MaximumDelay < o.MinimumDelay)
            throw new ArgumentOutOfRangeException(nameof(options), "The delays must satisfy 0 <= minimum <= maximum.");
        if (o.JitterMultiplier is < 0 or > 100 || double.IsNaN(o.JitterMultiplier))
            throw new ArgumentOutOfRangeException(nameof(options), "The jitter multiplier must be within 0..100.");
        if (o.Capacity is < 8 or > 4096 || !int.IsPow2(o.Capacity) || o.Capacity < (2 * maxFrames) + 2)
            throw new ArgumentOutOfRangeException(nameof(options), "The capacity must be a power of two within 8..4096, at least twice the maximum delay in frames.");
        if (o.MaxPayloadBytes is < 1 or > 65_536)
            throw new ArgumentOutOfRangeException(nameof(options), "The largest payload must be within 1..65536 bytes.");

        slots = new Slot[o.Capacity];
        storage = new byte[o.Capacity * o.MaxPayloadBytes];
        mask = o.Capacity - 1;
        jitter = new InterarrivalJitter(TimeSpanToUnits(o.MaximumDelay));
    }

    private enum SlotState : byte
    {
        Empty = 0,
        Buffered,
        Consumed,
    }

    public long Received { get; private set; }

    public long Duplicates { get; private set; }

    public long Late { get; private set; }

    public long OutOfSequence { get; private set; }

    public long Rejected { get; private set; }

    public long Lost { get; private set; }

    public long Flushed { get; private set; }

    public long Restarts { get; private set; }

    /// <summary>Packets waiting to be played.</summary>
    public int Count { get; private set; }

    /// <summary>Interarrival jitter, RFC 3550 §A.8.</summary>
    public TimeSpan Jitter => jitter.Value;

    /// <summary>
    /// The delay to keep: the floor plus <see cref="JitterBufferOptions.JitterMultiplier"/> times the jitter, capped.
    /// </summary>
    public TimeSpan TargetDelay
    {
        get
        {
            var ticks = options.MinimumDelay.Ticks + (options.JitterMultiplier * jitter.Value.Ticks);
            return TimeSpan.FromTicks((long)Math.Min(ticks, options.MaximumDelay.Ticks));
        }
    }

    /// <summary>The next sequence number to play (extended, RFC 3550 §A.1).</summary>
    internal long Next => next;

    /// <summary>
    /// Stores a packet for playout. <paramref name="arrival"/> is when it was received, on the clock later given to
    /// the playout. Never throws on any input: bad packets are counted and reported in the result.
    /// </summary>
    public PutResult Put(ushort sequence, uint rtpTimestamp, byte payloadType, ReadOnlySpan<byte> payload, TimeSpan arrival)
    {
        // RFC 3550 §5.1: the payload type is 7 bits.
        if (payloadType > 127 || payload.Length > options.MaxPayloadBytes)
            return Reject();

        switch (sequences.Extend(sequence, out var extended))
        {
            case SequenceStep.Jumped:
                OutOfSequence++;
                return PutResult.OutOfSequence;
            case SequenceStep.Restarted:
                Restarts++;
                Clear();
                break;
        }

        if (!hasNext)
        {
            next = extended;
            hasNext = true;
        }

        ref var slot = ref slots[extended & mask];
        if (slot.Sequence == extended && slot.State != SlotState.Empty)
        {
            Duplicates++;
            return PutResult.Duplicate;
        }

        if (extended < next)
        {
            // Before playout has begun, an earlier packet that still fits simply becomes the first to play.
            if (started || extended <= sequences.Highest - slots.Length)
            {
                Late++;
                jitter.Add(arrival, rtpTimestamp);
                return PutResult.Late;
            }

            next = extended;
        }
        else if (extended - next >= slots.Length)
        {
            // A sender far ahead of the playout: drop the oldest, as every audio queue in Sala does.
            Skip(extended - slots.Length + 1);
        }

        slot.Sequence = extended;
        slot.State = SlotState.Buffered;
        slot.PayloadType = payloadType;
        slot.Length = payload.Length;
        payload.CopyTo(storage.AsSpan(SlotOffset(extended), options.MaxPayloadBytes));
        Count++;
        Received++;
        jitter.Add(arrival, rtpTimestamp);
        transitFloor.Add(arrival, arrival.Ticks - (extended * FrameTicks));
        return PutResult.Accepted;
    }

    /// <summary>Starts over, as for a new sender (SSRC): buffered packets are flushed. Counters are kept.</summary>
    public void Reset()
    {
        sequences.Clear();
        Clear();
    }

    internal PutResult Reject()
    {
        Rejected++;
        return PutResult.Rejected;
    }

    internal bool TryPeek(long sequence, out ReadOnlySpan<byte> payload, out byte payloadType)
    {
        ref readonly var slot = ref slots[sequence & mask];
        if (slot.State != SlotState.Buffered || slot.Sequence != sequence)
        {
            payload = default;
            payloadType = 0;
            return false;
        }

        payload = storage.AsSpan(SlotOffset(sequence), slot.Length);
        payloadType = slot.PayloadType;
        return true;
    }

    /// <summary>How long the fastest recent packet waits if <see cref="Next"/> is played at <paramref name="now"/>.</summary>
    internal TimeSpan DelayAt(TimeSpan now) => DelayAt(now, next);

    /// <summary>
    /// Begins playout, at the first frame or after a re-buffer, once the earliest buffered packet has waited the target
    /// delay. Sequence numbers skipped to reach it are lost.
    /// </summary>
    internal bool TryStart(TimeSpan now)
    {
        if (Count == 0)
            return false;

        var first = long.MaxValue;
        foreach (ref readonly var slot in slots.AsSpan())
        {
            if (slot.State == SlotState.Buffered && slot.Sequence < first)
                first = slot.Sequence;
        }

        if (DelayAt(now, first) < TargetDelay)
            return false;

        Lost += first - next;
        next = first;
        started = true;
        return true;
    }

    /// <summary>Marks the next packet played (or dropped) and moves on.</summary>
    internal void ConsumeNext()
    {
        ref var slot = ref slots[next & mask];
        if (slot.State == SlotState.Buffered && slot.Sequence == next)
        {
            slot.State = SlotState.Consumed;
            Count--;
        }

        next++;
    }

    /// <summary>Gives up the next sequence number as lost.</summary>
    internal void SkipNext() => Skip(next + 1);

    /// <summary>
    /// Playout stopped after a long loss: transit measured before it says nothing about the path now (a paused
    /// sender, a rerouted network), so the next start waits on fresh packets.
    /// </summary>
    internal void Rebuffer() => transitFloor.Clear();

    private static long TimeSpanToUnits(TimeSpan value) => value.Ticks * AudioFormat.SampleRate / TimeSpan.TicksPerSecond;

    private TimeSpan DelayAt(TimeSpan now, long sequence) =>
        transitFloor.TryGetMinimum(out var fastest)
            ? TimeSpan.FromTicks(unchecked(now.Ticks - (sequence * FrameTicks) - fastest))
            : TimeSpan.Zero;

    private int SlotOffset(long sequence) => (int)(sequence & mask) * options.MaxPayloadBytes;

    /// <summary>Moves <see cref="Next"/> up to <paramref name="until"/>: buffered packets are flushed, missing ones lost.</summary>
    private void Skip(long until)
    {
        var flushed = 0L;
        for (var sequence = next; sequence < until && Count > 0 && sequence < next + slots.Length; sequence++)
        {
            ref var slot = ref slots[sequence & mask];
            if (slot.State == SlotState.Buffered && slot.Sequence == sequence)
            {
                slot.State = SlotState.Empty;
                Count--;
                flushed++;
            }
        }

        Flushed += flushed;
        Lost += until - next - flushed;
        next = until;
    }

    private void Clear()
    {
        Flushed += Count;
        Count = 0;
        Array.Clear(slots);
        hasNext = false;
        started = false;
        next = 0;
        jitter.Restart();
        transitFloor.Clear();
    }

    private struct Slot
    {
        public long Sequence;
        public int Length;
        public byte PayloadType;
        public SlotState State;
    }
}
