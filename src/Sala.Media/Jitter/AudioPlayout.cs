namespace Sala.Media.Jitter;

/// <summary>
/// The receive side of a call: packets go in with <see cref="Put"/> as they arrive, and the audio clock pulls one
/// frame every 10 or 20 ms with <see cref="Play"/>. Packets may last other than a frame (Opus allows 2.5 to 120 ms, each
/// packet saying how long): the playout works in packets of the stream's length, several to a frame or a frame out
/// of part of one. It decodes in sequence order, conceals losses with the codec (FEC from
/// the next packet, else PLC), and moves the delay toward the jitter buffer's target only where it cannot be heard:
/// it adds a concealment packet after a quiet one or during a loss, and drops a quiet packet after a quiet one (or,
/// after seconds over the target with no pause, a loud one, cross-faded into the next). When nothing comes after a
/// quiet frame, the sender is taken to be in a pause (Opus DTX sends nothing for most of it): the codec's comfort noise
/// plays, counted apart from loss, and once the next packet comes the frames the pause covered are caught up, so its
/// packet plays at the delay the buffer keeps, not later by the length of the pause.
/// Pure and single-threaded: no clock, lock or allocation per packet or frame; the caller serializes the calls and
/// gives arrival and playout times from one clock.
/// </summary>
public sealed class AudioPlayout
{
    private const int OpusMaxSamples = Codecs.OpusPacket.MaxSamples;

    // The length of the frames pulled. The delay moves in whole frames, so it sits in a band of one frame (or packet,
    // the longer: DelayStep) above the target: after a drop it is still at least the target. A band of exactly a
    // frame may flip-flop on noise in the jitter estimate or the transit floor, but only in quiet frames and at most
    // once per MinFramesBetweenDrops, where it cannot be heard. With 1.5 frames the delay stayed in the upper part of the band after any stretch: clean
    // end-to-end p50 67 ms against 48 ms.
    private TimeSpan pullLength = AudioFormat.FrameDuration;

    private readonly JitterBuffer buffer;
    private readonly PlayoutOptions options;
    private readonly IAudioDecoder?[] decoders = new IAudioDecoder?[128];
    private readonly short[] dropping = new short[OpusMaxSamples];

    // A packet's audio not yet played: a packet longer than a frame plays over several.
    private readonly short[] carry = new short[OpusMaxSamples];
    private int carryStart;
    private int carried;
    private PlayoutFrame lastResult = PlayoutFrame.Silence;
    private IAudioDecoder? lastDecoder;
    private bool playing;
    private bool lastQuiet = true;
    private bool lastDecodedQuiet = true;
    private bool inPause;
    private int pauseFramesHeld;
    private int concealedRun;
    private int framesSinceDrop;
    private int framesOverTarget;
    private TimeSpan bufferedDelay;
    private long restartsSeen;

    private long played;
    private long dropped;
    private long decodeErrors;
    private long concealedFec;
    private long concealedPlc;
    private long stretched;
    private long silentFrames;
    private long comfortNoise;
    private long rebuffers;

    /// <summary>Creates a playout decoding with <paramref name="decoders"/>, one per payload type, owned by the caller.</summary>
    public AudioPlayout(IEnumerable<IAudioDecoder> decoders, JitterBufferOptions? bufferOptions = null, PlayoutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(decoders);
        this.options = options ?? new PlayoutOptions();
        if (this.options.MaxConcealedFrames < 1 || this.options.MaxComfortNoiseFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "At least one frame must be concealed before re-buffering.");
        if (this.options.QuietLevel is < 0 or > short.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), "The quiet level must be within 0..32767.");
        if (this.options.LoudDropAfterFrames < this.options.MinFramesBetweenDrops)
            throw new ArgumentOutOfRangeException(nameof(options), "Loud frames cannot be dropped sooner than quiet ones.");

        foreach (var decoder in decoders)
        {
            if (decoder.PayloadType >= this.decoders.Length || this.decoders[decoder.PayloadType] is not null)
                throw new ArgumentException($"Payload type {decoder.PayloadType} is out of range or has two decoders.", nameof(decoders));
            this.decoders[decoder.PayloadType] = decoder;
        }

        buffer = new JitterBuffer(bufferOptions);
    }

    public JitterStatistics Statistics => new()
    {
        Received = buffer.Received,
        Duplicates = buffer.Duplicates,
        Late = buffer.Late,
        OutOfSequence = buffer.OutOfSequence,
        Rejected = buffer.Rejected,
        Lost = buffer.Lost,
        Played = played,
        Dropped = dropped,
        Flushed = buffer.Flushed,
        DecodeErrors = decodeErrors,
        ConcealedFec = concealedFec,
        ConcealedPlc = concealedPlc,
        Stretched = stretched,
        SilentFrames = silentFrames,
        ComfortNoise = comfortNoise,
        Rebuffers = rebuffers,
        Restarts = buffer.Restarts,
        BufferedPackets = buffer.Count,
        BufferedDelay = bufferedDelay,
        TargetDelay = buffer.TargetDelay,
        Jitter = buffer.Jitter,
    };

    /// <summary>
    /// The step the delay moves in, and so the band over the target it is kept in: the longer of the frames pulled
    /// and the stream's packets.
    /// </summary>
    internal TimeSpan DelayStep => SamplesToTime(buffer.UnitSamples) > pullLength ? SamplesToTime(buffer.UnitSamples) : pullLength;

    /// <summary>False while buffering (before the first frame, after a re-buffer or a new stream): frames are silence.</summary>
    public bool IsPlaying => playing;

    /// <summary>
    /// How far the delay of the next packet to play is over the jitter buffer's target, for a frame due at
    /// <paramref name="now"/>: that packet starts once the audio carried from the last one has played.
    /// </summary>
    public TimeSpan DelayOverTarget(TimeSpan now) => buffer.DelayAt(now + SamplesToTime(carried)) - buffer.TargetDelay;

    /// <summary>
    /// Stores a received packet; see <see cref="JitterBuffer.Put"/>. Unknown payload types and payloads their decoder
    /// cannot read are rejected. A packet of another length than the stream's so far starts the stream over at that
    /// length (<see cref="JitterBuffer.ChangeUnit"/>).
    /// </summary>
    public PutResult Put(ushort sequence, uint rtpTimestamp, byte payloadType, ReadOnlySpan<byte> payload, TimeSpan arrival)
    {
        if (payloadType >= decoders.Length || decoders[payloadType] is not { } decoder)
            return buffer.Reject();
        var samples = decoder.SamplesIn(payload);
        if (samples <= 0 || samples > OpusMaxSamples)
            return buffer.Reject();
        buffer.ChangeUnit(samples);
        return buffer.Put(sequence, rtpTimestamp, payloadType, payload, arrival);
    }

    /// <summary>Starts over for a new sender (SSRC): flushes the buffer and goes silent until it fills again.</summary>
    public void Reset()
    {
        buffer.Reset();
        StopPlaying();
    }

    /// <summary>
    /// Fills <paramref name="frame"/> (a frame of the call's loop, usually <see cref="AudioFormat.SamplesPerFrame"/>
    /// samples, 10 ms' worth when the call runs on 10 ms frames) with the next stretch of output, due at
    /// <paramref name="now"/> on the clock the arrival times were taken from: what is left of the last packet, then
    /// as many packets as it takes. Tells what became of the first packet begun in this frame (of the one
    /// it continues, when it begins none).
    /// </summary>
    public PlayoutFrame Play(Span<short> frame, TimeSpan now)
    {
        if (frame.Length is 0 or > OpusMaxSamples)
            throw new ArgumentException($"A frame holds 1 to {OpusMaxSamples} samples.", nameof(frame));
        pullLength = SamplesToTime(frame.Length);

        var result = lastResult;
        var begun = false;
        var filled = 0;
        while (filled < frame.Length)
        {
            if (carried == 0)
            {
                var unit = carry.AsSpan(0, buffer.UnitSamples);
                lastResult = PlayUnit(unit, now + SamplesToTime(filled));
                (carryStart, carried) = (0, unit.Length);
                result = begun ? result : lastResult;
                begun = true;
            }

            var take = Math.Min(carried, frame.Length - filled);
            carry.AsSpan(carryStart, take).CopyTo(frame[filled..]);
            (carryStart, carried, filled) = (carryStart + take, carried - take, filled + take);
        }

        return result;
    }

    /// <summary>The next packet's worth of audio (<paramref name="frame"/>, a unit of the buffer), due at <paramref name="now"/>.</summary>
    private PlayoutFrame PlayUnit(Span<short> frame, TimeSpan now)
    {
        if (buffer.Restarts != restartsSeen)
        {
            // A new stream (RFC 3550 §A.1 restart) begins like the first one: buffered to the target, faded in.
            restartsSeen = buffer.Restarts;
            StopPlaying();
        }

        var starting = false;
        if (!playing)
        {
            if (!buffer.TryStart(now))
            {
                frame.Clear();
                silentFrames++;
                return PlayoutFrame.Silence;
            }

            playing = true;
            starting = true;
            lastQuiet = true;
        }

        bufferedDelay = buffer.DelayAt(now);
        var target = buffer.TargetDelay;
        PlayoutFrame result;
        // Grow only after a quiet frame (concealment there continues the quiet) and shrink only by a quiet frame after
        // a quiet frame; a gap is concealment anyway, so waiting there for a late packet costs nothing audible.
        // Nothing to play after a quiet packet: the sender has paused (in DTX it sends nothing), until a packet plays.
        if (concealedRun == 0 && !buffer.TryPeek(buffer.Next, out _, out _))
            inPause = lastDecodedQuiet;
        if (inPause && pauseFramesHeld > 0 && buffer.Count > 0 && !buffer.TryPeek(buffer.Next, out _, out _) && bufferedDelay >= target)
        {
            CatchUp(bufferedDelay - target);
            bufferedDelay = buffer.DelayAt(now);
        }

        if (buffer.TryPeek(buffer.Next, out _, out _))
            result = !starting && lastQuiet && bufferedDelay < target ? Stretch(frame) : DecodeNext(frame, bufferedDelay - target);
        else if (buffer.Count == 0 || bufferedDelay < target)
            result = inPause ? HoldInPause(frame) : Stretch(frame); // Ran dry, or the missing packet may still come in time.
        else
            result = ConcealGap(frame);

        var quiet = FrameLevel.IsQuiet(frame, options.QuietLevel);
        concealedRun = result == PlayoutFrame.Decoded ? 0 : concealedRun + 1;
        if (result == PlayoutFrame.Decoded)
        {
            lastDecodedQuiet = quiet;
            inPause = false;
            pauseFramesHeld = 0;
        }

        if (starting)
        {
            FrameLevel.FadeIn(frame);
        }
        else if (concealedRun >= Units(inPause ? options.MaxComfortNoiseFrames : options.MaxConcealedFrames))
        {
            FrameLevel.FadeOut(frame);
            rebuffers++;
            buffer.Rebuffer();
            StopPlaying();
        }

        lastQuiet = quiet;
        return result;
    }

    private PlayoutFrame DecodeNext(Span<short> frame, TimeSpan excess)
    {
        Decode(frame);
        framesSinceDrop++;
        // A packet longer than a frame is dropped only when the delay is over the target by the whole packet.
        var margin = DelayStep;
        framesOverTarget = excess >= margin ? framesOverTarget + 1 : 0;
        if (framesOverTarget > 0 && framesSinceDrop > Units(options.MinFramesBetweenDrops) && buffer.TryPeek(buffer.Next, out _, out _))
        {
            if (lastQuiet && FrameLevel.IsQuiet(frame, options.QuietLevel))
            {
                // Decoded, so the decoder's state runs on, but not played: one frame less delay, inside a pause.
                Drop();
                Decode(frame);
            }
            else if (excess >= 2 * margin && framesOverTarget > Units(options.LoudDropAfterFrames))
            {
                // Seconds over the target without a pause to drop in: two packets in the time of one, cross-faded.
                Drop();
                var next = dropping.AsSpan(0, frame.Length);
                Decode(next);
                FrameLevel.CrossFade(frame, next);
            }
        }

        played++;
        return PlayoutFrame.Decoded;
    }

    private void Drop()
    {
        dropped++;
        framesSinceDrop = 0;
        framesOverTarget = 0;
    }

    private void Decode(Span<short> frame)
    {
        buffer.TryPeek(buffer.Next, out var payload, out var payloadType);
        var decoder = decoders[payloadType]!;
        try
        {
            decoder.Decode(payload, frame);
        }
        catch (Exception)
        {
            // A malformed payload (a codec library throws on some) must not stop the audio: conceal it instead.
            decodeErrors++;
            Conceal(decoder, ReadOnlySpan<byte>.Empty, frame);
        }

        lastDecoder = decoder;
        buffer.ConsumeNext();
    }

    /// <summary>
    /// The missing next frame is due: a lost packet, concealed (FEC from the next packet, else PLC), or a frame the
    /// sender skipped in a pause, filled with comfort noise. Only the sequence numbers tell which.
    /// </summary>
    private PlayoutFrame ConcealGap(Span<short> frame)
    {
        var decoder = lastDecoder;
        var following = ReadOnlySpan<byte>.Empty;
        if (buffer.TryPeek(buffer.Next + 1, out var payload, out var payloadType))
        {
            following = payload;
            decoder = decoders[payloadType];
        }

        if (!buffer.SkipNext())
        {
            // The decoder's concealment after a pause's last frame is its comfort noise (Opus: SILK's CNG).
            Conceal(lastDecoder, ReadOnlySpan<byte>.Empty, frame);
            comfortNoise++;
            return PlayoutFrame.ComfortNoise;
        }

        Conceal(decoder, following, frame);
        if (following.IsEmpty)
        {
            concealedPlc++;
            return PlayoutFrame.ConcealedPlc;
        }

        concealedFec++;
        return PlayoutFrame.ConcealedFec;
    }

    /// <summary>Comfort noise while the pause goes on, the position held until the next packet shows how far it went.</summary>
    private PlayoutFrame HoldInPause(Span<short> frame)
    {
        Conceal(lastDecoder, ReadOnlySpan<byte>.Empty, frame);
        comfortNoise++;
        pauseFramesHeld++;
        return PlayoutFrame.ComfortNoise;
    }

    /// <summary>
    /// The first packet after a pause has come, and the missing frames before it are overdue by
    /// <paramref name="overdue"/>: the comfort noise held while waiting already covered up to as many frames as it
    /// lasted, so the frames the sender skipped are given up at once rather than played again. What the pause held
    /// beyond that stays as delay.
    /// </summary>
    private void CatchUp(TimeSpan overdue)
    {
        // Only packets the sender skipped: a lost packet among them still gets its turn at FEC.
        var frames = Math.Min(overdue.Ticks / SamplesToTime(buffer.UnitSamples).Ticks, pauseFramesHeld);
        if (buffer.TryFindAhead(out _, out var unsent))
            buffer.SkipTo(buffer.Next + Math.Min(frames, unsent));
        pauseFramesHeld = 0;
    }

    private PlayoutFrame Stretch(Span<short> frame)
    {
        Conceal(lastDecoder, ReadOnlySpan<byte>.Empty, frame);
        stretched++;
        return PlayoutFrame.Stretched;
    }

    private static void Conceal(IAudioDecoder? decoder, ReadOnlySpan<byte> following, Span<short> frame)
    {
        if (decoder is null)
        {
            frame.Clear();
            return;
        }

        try
        {
            decoder.Conceal(following, frame);
        }
        catch (Exception)
        {
            frame.Clear();
        }
    }

    /// <summary>An option given in 20 ms frames, in packets of the stream's length (at least one).</summary>
    private int Units(int frames) => Math.Max(1, (int)((long)frames * AudioFormat.SamplesPerFrame / buffer.UnitSamples));

    private static TimeSpan SamplesToTime(int samples) => TimeSpan.FromTicks(TimeSpan.TicksPerSecond * samples / AudioFormat.SampleRate);

    private void StopPlaying()
    {
        playing = false;
        concealedRun = 0;
        inPause = false;
        pauseFramesHeld = 0;
        lastQuiet = true;
        lastDecodedQuiet = true;
    }
}
