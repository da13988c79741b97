using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>
/// A sender in DTX (RFC 7587 §3.1.3): frame f of its 20 ms clock is sent at f × 20 ms and arrives 5 ms later, but in a
/// pause only one frame in twenty goes out, with the next sequence number and the frame's own timestamp. The audio
/// clock pulls at k × 20 ms, so frame f plays at pull f + 2 as on a stream without gaps.
/// </summary>
public sealed class DtxPlayoutTests
{
    private const int Lead = 2;

    /// <summary>Frames 0..49 speech, 50..59 the quiet frames before DTX sets in, then a pause sending one frame in 20, speech from 140.</summary>
    private static bool Sent(int frame) => frame is < 60 or >= 140 || frame % 20 == 19;

    private static bool Loud(int frame) => frame is < 50 or >= 140;

    [Fact]
    public void A_pause_plays_comfort_noise_on_time_and_counts_neither_loss_nor_delay()
    {
        var (playout, decoder) = Create();
        var packets = Stream(200, Sent);
        var frames = Simulation.Run(playout, decoder, packets, 200 + Lead);

        // Every sent frame plays at its own time: the pauses neither delayed nor hurried what followed them.
        var playedAt = frames.Where(f => f.Kind == PlayoutFrame.Decoded).Select(f => f.Index - Lead).ToList();
        Assert.Equal(Enumerable.Range(0, 200).Where(Sent), playedAt);
        Assert.Equal(Enumerable.Range(0, packets.Count), Simulation.PlayedSequences(frames));
        var unsent = Enumerable.Range(0, 200).Where(f => !Sent(f)).ToList();
        Assert.All(unsent, f => Assert.Equal(PlayoutFrame.ComfortNoise, frames[f + Lead].Kind));
        Assert.All(unsent, f => Assert.Equal(DecoderCallKind.Plc, frames[f + Lead].Calls.Single().Kind));
        var stats = playout.Statistics;
        Assert.Equal((0L, 0L, 0L, 0L, 0L), (stats.Lost, stats.ConcealedFec + stats.ConcealedPlc, stats.Stretched, stats.Dropped, stats.Rebuffers));
        Assert.Equal(unsent.Count, stats.ComfortNoise);
        Assert.Equal(TimeSpan.Zero, stats.Jitter);
        Assert.Equal(TimeSpan.FromMilliseconds(20), stats.TargetDelay);
    }

    [Fact]
    public void A_pause_under_jitter_costs_no_more_than_the_same_stream_sent_whole()
    {
        // The same speech and network twice: with pauses in DTX, and with every frame sent.
        static bool Talking(int f) => f % 200 < 100;
        var (dtx, dtxDecoder) = Create();
        var (whole, wholeDecoder) = Create();
        var random = new Random(14);
        var delays = Enumerable.Range(0, 3000).Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * 40)).ToArray();
        var dtxFrames = Simulation.Run(dtx, dtxDecoder, Stream(3000, f => Talking(f) || f % 20 == 19, f => f % 200 < 90, f => delays[f]), 3010);
        var wholeFrames = Simulation.Run(whole, wholeDecoder, Stream(3000, _ => true, f => f % 200 < 90, f => delays[f]), 3010);

        var (d, w) = (dtx.Statistics, whole.Statistics);
        Assert.True(d.Lost <= w.Lost && d.Rebuffers == 0 && d.Lost == d.Late, $"DTX {d}; whole {w}");
        // RFC 3550 §A.8 works on timestamps, so a pause is no jump in transit; the estimate only sees fewer packets.
        Assert.InRange(d.Jitter, w.Jitter * 0.7, w.Jitter * 1.3);
        // Speech after a pause plays at the delay the jitter asks for, not a pause's worth of frames later.
        static double MeanDelayMs(List<SimulatedFrame> frames) =>
            frames.Where(f => f.Kind == PlayoutFrame.Decoded).Average(f => f.BufferedDelay.TotalMilliseconds);
        Assert.InRange(MeanDelayMs(dtxFrames) - MeanDelayMs(wholeFrames), -10, 10);
    }

    [Fact]
    public void A_lost_first_packet_after_a_pause_is_counted_lost_and_rebuilt_from_fec()
    {
        var (playout, decoder) = Create();
        var packets = Stream(200, Sent);
        var lostSequence = packets.First(p => p.Loud && p.Sequence > 50).Sequence;
        var frames = Simulation.Run(playout, decoder, packets.Where(p => p.Sequence != lostSequence), 200 + Lead);

        Assert.Equal(PlayoutFrame.ConcealedFec, frames[140 + Lead].Kind);
        Assert.Equal(TestDecoder.FecValue(lostSequence), frames[140 + Lead].Sample);
        Assert.Equal(PlayoutFrame.Decoded, frames[141 + Lead].Kind);
        var stats = playout.Statistics;
        Assert.Equal((1L, 1L, 0L), (stats.Lost, stats.ConcealedFec, stats.Rebuffers));
        Assert.Equal(Enumerable.Range(0, 200).Count(f => !Sent(f)), stats.ComfortNoise);
    }

    [Fact]
    public void A_sender_that_stops_in_a_pause_fades_out_after_a_second_of_comfort_noise()
    {
        var (playout, decoder) = Create();
        var packets = Stream(60, _ => true, loud: f => f < 50);
        var frames = Simulation.Run(playout, decoder, packets, 60 + Lead + 60);

        var options = new PlayoutOptions();
        Assert.All(frames.Skip(60 + Lead).Take(options.MaxComfortNoiseFrames), f => Assert.Equal(PlayoutFrame.ComfortNoise, f.Kind));
        Assert.Equal(0, frames[60 + Lead + options.MaxComfortNoiseFrames - 1].Sample);
        Assert.All(frames.Skip(60 + Lead + options.MaxComfortNoiseFrames), f => Assert.Equal(PlayoutFrame.Silence, f.Kind));
        var stats = playout.Statistics;
        Assert.Equal((0L, 1L), (stats.Lost, stats.Rebuffers));
    }

    /// <summary>The frames <paramref name="sent"/> says, numbered with consecutive sequence numbers; loud until frame 50 by default.</summary>
    private static List<SimulatedPacket> Stream(int frames, Func<int, bool> sent, Func<int, bool>? loud = null, Func<int, TimeSpan>? delay = null)
    {
        loud ??= Loud;
        delay ??= _ => TimeSpan.FromMilliseconds(5);
        var packets = new List<SimulatedPacket>();
        ushort sequence = 0;
        for (var f = 0; f < frames; f++)
        {
            if (!sent(f))
                continue;
            packets.Add(new SimulatedPacket(
                sequence, (uint)(f * AudioFormat.SamplesPerFrame), TestDecoder.Payload(sequence, loud(f)), (f * Simulation.Frame) + delay(f), loud(f)));
            sequence++;
        }

        return packets;
    }

    private static (AudioPlayout Playout, TestDecoder Decoder) Create()
    {
        var decoder = new TestDecoder();
        return (new AudioPlayout([decoder]), decoder);
    }
}
