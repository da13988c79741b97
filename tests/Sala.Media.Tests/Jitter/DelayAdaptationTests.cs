using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>
/// The delay follows the network, and changes only where it cannot be heard. Speech is simulated as talk spurts:
/// 1 s of loud frames, then 0.5 s of quiet ones.
/// </summary>
public sealed class DelayAdaptationTests
{
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(20);

    private static bool Speech(int i) => i % 75 < 50;

    [Fact]
    public void A_clean_network_stays_at_the_floor_delay()
    {
        var (playout, decoder) = Create();
        var packets = Simulation.Stream(3000, loud: Speech);
        var frames = Simulation.Run(playout, decoder, packets, 3002);

        var playing = frames.Skip(2).ToList();
        Assert.All(playing, f => Assert.Equal(Floor, f.TargetDelay));
        Assert.All(playing, f => Assert.InRange(f.BufferedDelay, Floor, 2 * Floor));
        Assert.Equal(Enumerable.Range(0, 3000), Simulation.PlayedSequences(frames));
        var stats = playout.Statistics;
        Assert.Equal((0L, 0L, 0L), (stats.Stretched, stats.Dropped, stats.Lost));
    }

    [Fact]
    public void Under_30_ms_of_jitter_the_target_follows_it_and_almost_nothing_is_concealed()
    {
        var (playout, decoder) = Create();
        var random = new Random(30);
        var packets = Simulation.Stream(3000, delay: _ => TimeSpan.FromMilliseconds(random.NextDouble() * 60), loud: Speech);
        var frames = Simulation.Run(playout, decoder, packets, 3010);

        // Delays uniform over 60 ms: RFC 3550 §A.8 jitter is a third of the spread, the target floor + 3 × that.
        var stats = playout.Statistics;
        Assert.InRange(stats.Jitter.TotalMilliseconds, 14, 26);
        Assert.InRange(stats.TargetDelay.TotalMilliseconds, 60, 100);
        Assert.All(frames.Skip(100).SkipLast(20), f => Assert.InRange(f.BufferedDelay.TotalMilliseconds, 0, 160));
        Assert.InRange(stats.Lost, 0, 30);
        AssertInaudibleAdaptation(frames, packets);
    }

    [Fact]
    public void The_delay_grows_when_jitter_starts_and_shrinks_when_it_ends_only_in_pauses_or_losses()
    {
        var (playout, decoder) = Create();
        var random = new Random(7);
        var packets = Simulation.Stream(
            4000,
            delay: i => TimeSpan.FromMilliseconds(i is >= 500 and < 1500 ? random.NextDouble() * 80 : 0),
            loud: Speech);
        var frames = Simulation.Run(playout, decoder, packets, 4010);

        Assert.InRange(frames[1400].TargetDelay.TotalMilliseconds, 60, 130);
        Assert.InRange(frames[1400].BufferedDelay.TotalMilliseconds, 50, 160);
        Assert.Equal(Floor, frames[^20].TargetDelay);
        Assert.InRange(frames[^20].BufferedDelay, Floor, 2.5 * Floor);
        var stats = playout.Statistics;
        Assert.True(stats.Stretched > 2, $"stretched {stats.Stretched}");
        Assert.True(stats.Dropped > 2, $"dropped {stats.Dropped}");
        AssertInaudibleAdaptation(frames, packets);
    }

    [Theory]
    [InlineData(+0.005)]
    [InlineData(-0.005)]
    public void Sender_clock_drift_over_ten_minutes_keeps_the_delay_bounded(double drift)
    {
        var (playout, decoder) = Create();
        var random = new Random(5);
        const int Packets = 30_000;
        var packets = Simulation.Stream(
            Packets,
            sendTime: i => i * Simulation.Frame / (1 + drift),
            delay: _ => TimeSpan.FromMilliseconds(random.NextDouble() * 10),
            loud: Speech);
        var frames = Simulation.Run(playout, decoder, packets, (int)(Packets / (1 + drift)) + 5);

        Assert.All(frames.Skip(100).SkipLast(20), f => Assert.InRange(f.BufferedDelay.TotalMilliseconds, 0, 90));
        var stats = playout.Statistics;
        Assert.Equal(0, stats.Flushed);
        Assert.InRange(stats.Lost, 0, 10);

        // 0.5 % of 30 000 frames is 150 frames to drop or add, in the pauses.
        Assert.True((drift > 0 ? stats.Dropped : stats.Stretched) >= 140, $"dropped {stats.Dropped}, stretched {stats.Stretched}");
        AssertInaudibleAdaptation(frames, packets);
    }

    [Fact]
    public void A_backlog_in_sound_that_never_pauses_is_cut_by_cross_fading_frames_seconds_apart()
    {
        var (playout, decoder) = Create();
        // Never quiet; packets 200..207 are held up by a 160 ms stall and come with 208, which the playout bridged by
        // adding frames: 160 ms of backlog, and no pause to drop a frame in.
        var packets = Simulation.Stream(2500, delay: i => TimeSpan.FromMilliseconds(i is >= 200 and < 208 ? 5 + ((208 - i) * 20) : 5));
        var frames = Simulation.Run(playout, decoder, packets, 2510);

        Assert.True(frames[400].BufferedDelay - frames[400].TargetDelay >= 6 * Simulation.Frame, $"backlog {frames[400].BufferedDelay}");
        var drops = frames.Where(f => f.Calls.Count(c => c.Kind == DecoderCallKind.Decode) == 2).ToList();
        Assert.InRange(drops.Count, 6, 8);
        // Seconds apart, each a cross-fade that ends as the frame it dropped into, so the next one follows on.
        Assert.All(drops.Zip(drops.Skip(1)), d => Assert.True(d.Second.Index - d.First.Index > new PlayoutOptions().LoudDropAfterFrames));
        Assert.All(drops, d => Assert.Equal(TestDecoder.LoudValue((ushort)d.Calls[^1].Sequence), d.Sample));
        var end = frames[^20];
        Assert.InRange(end.BufferedDelay - end.TargetDelay, TimeSpan.Zero, 2 * Simulation.Frame);
        var played = Simulation.PlayedSequences(frames);
        Assert.True(played.Zip(played.Skip(1)).All(p => p.Second > p.First), "played out of order or twice");
    }

    /// <summary>
    /// No loud frame is skipped or played twice: played sequence numbers only go up, only quiet frames after quiet
    /// frames are dropped, and a frame is added after a loud one only when the next packet had not arrived.
    /// </summary>
    private static void AssertInaudibleAdaptation(List<SimulatedFrame> frames, List<SimulatedPacket> packets)
    {
        var played = Simulation.PlayedSequences(frames);
        Assert.True(played.Zip(played.Skip(1)).All(p => p.Second > p.First), "played out of order or twice");

        var arrival = packets.ToDictionary(p => (int)p.Sequence, p => p.Arrival);
        for (var k = 1; k < frames.Count; k++)
        {
            var (before, frame) = (frames[k - 1], frames[k]);
            var decodes = frame.Calls.Where(c => c.Kind == DecoderCallKind.Decode).ToList();
            if (decodes.Count == 2)
            {
                Assert.False(decodes[0].Loud, $"loud frame {decodes[0].Sequence} dropped");
                Assert.True(before.Quiet, $"frame {decodes[0].Sequence} dropped after a loud frame");
            }

            if (frame.Kind == PlayoutFrame.Stretched && before.Kind == PlayoutFrame.Decoded && !before.Quiet)
            {
                var waitedFor = before.Calls[^1].Sequence + 1;
                Assert.True(
                    !arrival.TryGetValue(waitedFor, out var at) || at > frame.Time,
                    $"frame added after loud frame {waitedFor - 1} though {waitedFor} was there");
            }
        }
    }

    private static (AudioPlayout Playout, TestDecoder Decoder) Create()
    {
        var decoder = new TestDecoder();
        return (new AudioPlayout([decoder]), decoder);
    }
}
