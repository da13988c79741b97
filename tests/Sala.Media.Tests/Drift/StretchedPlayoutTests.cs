using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Media.Drift;
using Sala.Media.Jitter;

namespace Sala.Media.Tests.Drift;

/// <summary>
/// A tone sent on one clock and played on another, ppm apart, on simulated time: packets leave every 20 ms of the
/// sender's clock and arrive with a few ms of seeded jitter; frames are pulled every 20 ms of the receiver's.
/// </summary>
public sealed class StretchedPlayoutTests(ITestOutputHelper output)
{
    /// <summary>
    /// On 20 ms frames, and on 10 ms frames pulling 10 ms packets (<c>--frame 10ms</c>), where the playout steps by
    /// 10 ms: the stretching keeps the delay inside its band, with nothing dropped or added by the playout.
    /// </summary>
    [Theory]
    [InlineData(+600, 20)]
    [InlineData(-600, 20)]
    [InlineData(+100, 20)]
    [InlineData(-1_000, 20)]
    [InlineData(+600, 10)]
    [InlineData(-600, 10)]
    [InlineData(0, 10)]
    public void A_tone_from_a_sender_ppm_off_plays_on_for_two_minutes_without_a_gap_or_a_skip(int senderPpm, int frameMilliseconds)
    {
        var frameSamples = AudioFormat.SamplesIn(frameMilliseconds);
        var (heard, corrections, playout) = Play(senderPpm, TimeSpan.FromSeconds(120), jitterMs: 3, seed: 1, frameSamples);

        var breaks = ToneContinuity.Find(heard, 400, TimeSpan.FromSeconds(1));
        var stats = playout.Statistics;
        output.WriteLine($"{senderPpm:+0;-0;0} ppm on {frameMilliseconds} ms frames: {breaks}; {corrections} corrections; playout dropped {stats.Dropped}, stretched {stats.Stretched}, " +
            $"concealed {stats.ConcealedFec + stats.ConcealedPlc}; delay {stats.BufferedDelay.TotalMilliseconds:0} ms over a target of {stats.TargetDelay.TotalMilliseconds:0}");
        Assert.True(breaks.None, breaks.ToString());
        Assert.Equal(0, stats.Dropped + stats.Stretched);
        // The drift to make up is |ppm| × 48 000 × 120 s / 10⁶ samples, less what the band's 20 ms take, one or two
        // steps (4 samples a 20 ms frame, 2 a 10 ms one) a corrected frame.
        var step = 4 * frameSamples / AudioFormat.SamplesPerFrame;
        var needed = Math.Max(0, (Math.Abs(senderPpm) * 48_000.0 * 120 / 1e6) - AudioFormat.SamplesPerFrame);
        Assert.InRange(corrections, needed / (2 * step), (needed * 2 / step) + 500);
    }

    [Fact]
    public void Without_drift_the_delay_is_moved_into_the_band_once_and_then_left_alone()
    {
        var (_, early, _) = Play(0, TimeSpan.FromSeconds(20), jitterMs: 3, seed: 2);
        var (_, late, _) = Play(0, TimeSpan.FromSeconds(60), jitterMs: 3, seed: 2);
        // One alignment: a frame's worth (20 ms) at 4 samples a frame, with the control's overshoot.
        Assert.InRange(early, 0, AudioFormat.SamplesPerFrame / 2);
        Assert.Equal(early, late);
    }

    /// <summary>Packets and frames of <paramref name="frameSamples"/> each, the floor half a frame, as a call has them.</summary>
    private static (short[] Heard, long Corrections, AudioPlayout Playout) Play(
        double senderPpm, TimeSpan length, double jitterMs, int seed, int frameSamples = AudioFormat.SamplesPerFrame)
    {
        var frameDuration = AudioFormat.DurationOf(frameSamples);
        using var encoder = new OpusAudioEncoder();
        using var decoder = new OpusAudioDecoder();
        var playout = new AudioPlayout([decoder], new JitterBufferOptions { MinimumDelay = frameDuration / 2 });
        var stretched = new StretchedPlayout(playout, frameSamples);
        var tone = new ToneSource(400);
        var random = new Random(seed);
        var frame = new short[frameSamples];
        var payload = new byte[OpusAudioEncoder.MaxPayloadBytes];
        var heard = new List<short>();
        var senderFrame = frameDuration * (1 / (1 + (senderPpm * 1e-6)));
        ushort sequence = 0;
        var nextSend = TimeSpan.Zero;
        var pending = new PriorityQueue<(ushort Sequence, byte[] Payload), TimeSpan>();
        for (var now = TimeSpan.Zero; now < length; now += frameDuration)
        {
            while (nextSend <= now)
            {
                tone.Read(frame);
                var bytes = payload.AsSpan(0, encoder.Encode(frame, payload)).ToArray();
                var arrival = nextSend + TimeSpan.FromMilliseconds(5 + (random.NextDouble() * jitterMs));
                pending.Enqueue((sequence, bytes), arrival);
                sequence++;
                nextSend += senderFrame;
            }
            while (pending.TryPeek(out var packet, out var arrival) && arrival <= now)
            {
                pending.Dequeue();
                playout.Put(packet.Sequence, (uint)(packet.Sequence * frameSamples), encoder.PayloadType, packet.Payload, arrival);
            }
            stretched.Play(frame, now);
            heard.AddRange(frame);
        }
        return ([.. heard], stretched.Corrections, playout);
    }
}
