using System.Numerics;

namespace Sala.Media.Jitter;

/// <summary>
/// Holds received RTP packets in sequence order until their playout. Pure: time comes in as arguments, nothing is
/// allocated after construction but when the stream's packet time changes (payloads are copied into preallocated
/// slots), nothing is locked; one thread (the playout's) calls it. Each packet carries one <see cref="UnitSamples"/>
/// long stretch of audio (20 ms unless the sender chose otherwise: Opus allows 2.5 to 120 ms), and its place in the
/// playout (its position, in those units) comes from its RTP timestamp: a sender in DTX skips packets in a pause
/// without spending sequence numbers (RFC 7587 §3.1.3), so the timestamp jumps while the sequence runs on. The
/// sequence numbers tell loss apart from such a gap.
/// </summary>
public sealed class JitterBuffer
{
    private readonly JitterBufferOptions options;
    private Slot[] slots;
    private byte[] storage;
    private long mask;
    private int unitSamples = AudioFormat.SamplesPerFrame;
    private long unitTicks = AudioFormat.FrameDuration.Ticks;
    private readonly SequenceExtender sequences = new();
    private readonly InterarrivalJitter jitter;
    private readonly TransitFloor transitFloor = new();

    // Positions below `next` have been played or given up; buffered packets are in [next, next + capacity).
    private long next;
    private bool hasNext;
    private bool started;

    // The highest sequence number seen, with its position and timestamp: where the positions of the others are counted from.
    private long anchorSequence;
    private long anchorPosition;
    private uint anchorTimestamp;

    // The last sequence number played, flushed or given up as lost: those after it, up to the next packet, are missing.
    private long lastSequence;

    public JitterBuffer(JitterBufferOptions? options = null)
    {
        this.options = options ?? new JitterBufferOptions();
        var o = this.options;
        var maxFrames = o.MaximumDelay.Ticks / AudioFormat.FrameDuration.Ticks;
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

    /// <summary>The samples at 48 kHz each packet plays for: the unit positions count in.</summary>
    public int UnitSamples => unitSamples;

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

    /// <summary>The next position to play: a frame number that, without gaps, is the extended sequence number (RFC 3550 §A.1).</summary>
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

        var position = PositionOf(extended, rtpTimestamp);
        if (!hasNext)
        {
            next = position;
            lastSequence = extended - 1;
            hasNext = true;
        }

        ref var slot = ref slots[position & mask];
        if (slot.Position == position && slot.State != SlotState.Empty)
        {
            Duplicates++;
            return PutResult.Duplicate;
        }

        if (position < next)
        {
            // Before playout has begun, an earlier packet that still fits simply becomes the first to play.
            if (started || position <= anchorPosition - slots.Length)
            {
                Late++;
                jitter.Add(arrival, rtpTimestamp);
                return PutResult.Late;
            }

            next = position;
            lastSequence = extended - 1;
        }
        else if (position - next >= slots.Length)
        {
            // A sender far ahead of the playout: drop the oldest, as every audio queue in Sala does.
            Skip(position - slots.Length + 1, position, extended);
        }

        slot.Position = position;
        slot.Sequence = extended;
        slot.State = SlotState.Buffered;
        slot.PayloadType = payloadType;
        slot.Length = payload.Length;
        payload.CopyTo(storage.AsSpan(SlotOffset(position), options.MaxPayloadBytes));
        Count++;
        Received++;
        jitter.Add(arrival, rtpTimestamp);
        transitFloor.Add(arrival, arrival.Ticks - (position * unitTicks));
        return PutResult.Accepted;
    }

    /// <summary>
    /// The sender's packets now last <paramref name="samples"/>: positions count in those from here on. What was buffered
    /// in the old unit is flushed and, when something was, the change counts as a restart of the stream (its playout
    /// starts over, buffered to the target). The slots grow to hold the delay ceiling in the new unit.
    /// </summary>
    public void ChangeUnit(int samples)
    {
        if (samples == unitSamples)
            return;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (hasNext)
        {
            Restarts++;
            Clear();
        }

        unitSamples = samples;
        unitTicks = TimeSpan.TicksPerSecond * samples / AudioFormat.SampleRate;
        var needed = Math.Max(options.Capacity, (int)BitOperations.RoundUpToPowerOf2((uint)((2 * options.MaximumDelay.Ticks / unitTicks) + 2)));
        if (needed > slots.Length)
        {
            slots = new Slot[needed];
            storage = new byte[needed * options.MaxPayloadBytes];
            mask = needed - 1;
        }
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

    internal bool TryPeek(long position, out ReadOnlySpan<byte> payload, out byte payloadType)
    {
        ref readonly var slot = ref slots[position & mask];
        if (slot.State != SlotState.Buffered || slot.Position != position)
        {
            payload = default;
            payloadType = 0;
            return false;
        }

        payload = storage.AsSpan(SlotOffset(position), slot.Length);
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
            if (slot.State == SlotState.Buffered && slot.Position < first)
                first = slot.Position;
        }

        if (DelayAt(now, first) < TargetDelay)
            return false;

        Skip(first);
        started = true;
        return true;
    }

    /// <summary>Marks the next packet played (or dropped) and moves on.</summary>
    internal void ConsumeNext()
    {
        ref var slot = ref slots[next & mask];
        if (slot.State == SlotState.Buffered && slot.Position == next)
        {
            slot.State = SlotState.Consumed;
            Count--;
            Account(slot.Sequence);
        }

        next++;
    }

    /// <summary>
    /// Gives up the next position, missing: true when it held a packet that was lost, false when the sender never
    /// sent one (a DTX pause). A packet counts as lost only when the sequence numbers say one is missing.
    /// </summary>
    internal bool SkipNext()
    {
        var lost = Lost;
        Skip(next + 1);
        return Lost > lost;
    }

    /// <summary>Gives up every position before <paramref name="position"/>, as <see cref="SkipNext"/> does one.</summary>
    internal void SkipTo(long position)
    {
        if (position > next)
            Skip(position);
    }

    /// <summary>
    /// The first position after <see cref="Next"/> with a packet, and how many of the missing positions before it are
    /// frames its sender skipped rather than lost packets; false when nothing is buffered after <see cref="Next"/>.
    /// </summary>
    internal bool TryFindAhead(out long position, out long unsent)
    {
        if (!TryFindBuffered(next + 1, out position, out var sequence))
        {
            unsent = 0;
            return false;
        }

        unsent = Math.Max(0, position - next - (sequence - lastSequence - 1));
        return true;
    }

    /// <summary>
    /// Playout stopped after a long loss: transit measured before it says nothing about the path now (a paused
    /// sender, a rerouted network), so the next start waits on fresh packets.
    /// </summary>
    internal void Rebuffer() => transitFloor.Clear();

    private static long TimeSpanToUnits(TimeSpan value) => value.Ticks * AudioFormat.SampleRate / TimeSpan.TicksPerSecond;

    private TimeSpan DelayAt(TimeSpan now, long sequence) =>
        transitFloor.TryGetMinimum(out var fastest)
            ? TimeSpan.FromTicks(unchecked(now.Ticks - (sequence * unitTicks) - fastest))
            : TimeSpan.Zero;

    private int SlotOffset(long sequence) => (int)(sequence & mask) * options.MaxPayloadBytes;

    /// <summary>
    /// Where a packet plays: its timestamp's distance from the anchor's, in units, but never closer to the anchor than
    /// its sequence number is (each packet holds a unit), so positions keep the order of sequence numbers whatever
    /// the timestamps say.
    /// </summary>
    private long PositionOf(long sequence, uint rtpTimestamp)
    {
        if (!hasNext)
        {
            (anchorSequence, anchorPosition, anchorTimestamp) = (sequence, sequence, rtpTimestamp);
            return sequence;
        }

        var steps = sequence - anchorSequence;
        // The difference modulo 2^32 survives the timestamp's wrap-around; rounded to whole units.
        var frames = FloorDivide(unchecked((int)(rtpTimestamp - anchorTimestamp)) + (long)(unitSamples / 2), unitSamples);
        if (steps <= 0)
            return anchorPosition + Math.Min(steps, frames);

        var position = anchorPosition + Math.Max(steps, frames);
        (anchorSequence, anchorPosition, anchorTimestamp) = (sequence, position, rtpTimestamp);
        return position;
    }

    /// <summary>
    /// Moves <see cref="Next"/> up to <paramref name="until"/>: buffered packets are flushed, missing positions given
    /// up. <paramref name="aheadPosition"/> and <paramref name="aheadSequence"/> name a packet known to follow when
    /// none is buffered after <paramref name="until"/> (the one being put).
    /// </summary>
    private void Skip(long until, long aheadPosition = long.MaxValue, long aheadSequence = long.MaxValue)
    {
        var from = next;
        for (var position = next; position < until && Count > 0 && position < next + slots.Length; position++)
        {
            ref var slot = ref slots[position & mask];
            if (slot.State == SlotState.Buffered && slot.Position == position)
            {
                GiveUp(from, position, position, slot.Sequence);
                slot.State = SlotState.Empty;
                Count--;
                Flushed++;
                Account(slot.Sequence);
                from = position + 1;
            }
        }

        if (from < until)
        {
            if (TryFindBuffered(until, out var position, out var sequence))
                (aheadPosition, aheadSequence) = (position, sequence);
            GiveUp(from, until, aheadPosition, aheadSequence);
        }

        next = until;
    }

    /// <summary>
    /// Gives up the missing positions [<paramref name="from"/>, <paramref name="to"/>), before the packet at
    /// <paramref name="aheadPosition"/>. The sequence numbers missing before that packet were lost; the positions
    /// beyond those are frames its sender skipped. Which positions the lost packets had is unknown, so they are taken
    /// to be the last before the packet: the sender's pause came first, then the loss.
    /// </summary>
    private void GiveUp(long from, long to, long aheadPosition, long aheadSequence)
    {
        var lost = to - from;
        if (aheadSequence != long.MaxValue)
        {
            var missing = aheadSequence - lastSequence - 1;
            lost = Math.Clamp(missing - (aheadPosition - to), 0, to - from);
        }

        Lost += lost;
        lastSequence += lost;
    }

    /// <summary>A packet leaves the buffer, played or flushed: the sequence numbers since the last one are lost.</summary>
    private void Account(long sequence)
    {
        if (sequence <= lastSequence)
            return;
        Lost += sequence - lastSequence - 1;
        lastSequence = sequence;
    }

    private bool TryFindBuffered(long from, out long position, out long sequence)
    {
        for (position = Math.Max(from, next); position < next + slots.Length && Count > 0; position++)
        {
            ref readonly var slot = ref slots[position & mask];
            if (slot.State == SlotState.Buffered && slot.Position == position)
            {
                sequence = slot.Sequence;
                return true;
            }
        }

        sequence = 0;
        return false;
    }

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
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
        public long Position;
        public long Sequence;
        public int Length;
        public byte PayloadType;
        public SlotState State;
    }
}
