using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>
/// Playout on a clean 20 ms stream: packet i is sent at i × 20 ms and arrives 5 ms later; the audio clock pulls at
/// k × 20 ms. The floor delay holds one frame, so frame k plays packet k - 2 unless a test says otherwise.
/// </summary>
public sealed class AudioPlayoutTests
{
    private const int Lead = 2;

    [Fact]
    public void Before_the_first_packet_the_output_is_silence()
    {
        var playout = new AudioPlayout([new TestDecoder()]);
        var frame = new short[AudioFormat.SamplesPerFrame];
        frame.AsSpan().Fill(123);
        Assert.Equal(PlayoutFrame.Silence, playout.Play(frame, TimeSpan.Zero));
        Assert.All(frame, s => Assert.Equal(0, s));
        Assert.Equal(1, playout.Statistics.SilentFrames);
    }

    [Fact]
    public void An_in_order_stream_plays_every_packet_once_in_order_then_fades_out_and_falls_silent()
    {
        var (playout, decoder) = Create();
        var frames = Simulation.Run(playout, decoder, Simulation.Stream(50), 75);

        Assert.All(frames.Take(Lead), f => Assert.Equal(PlayoutFrame.Silence, f.Kind));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(PlayoutFrame.Decoded, frames[Lead + i].Kind);
            Assert.Equal(TestDecoder.LoudValue((ushort)i), frames[Lead + i].Sample);
        }

        // The stream ended: 200 ms of concealment, the last faded to nothing, then silence.
        Assert.All(frames.Skip(Lead + 50).Take(10), f => Assert.Equal(PlayoutFrame.Stretched, f.Kind));
        Assert.Equal(0, frames[Lead + 59].Sample);
        Assert.All(frames.Skip(Lead + 60), f => Assert.Equal(PlayoutFrame.Silence, f.Kind));
        var stats = playout.Statistics;
        Assert.Equal((50L, 0L, 0L, 0L, 1L), (stats.Played, stats.Lost, stats.ConcealedFec + stats.ConcealedPlc, stats.Dropped, stats.Rebuffers));
        Assert.Equal(Enumerable.Range(0, 50), Simulation.PlayedSequences(frames));
    }

    [Fact]
    public void The_first_frame_fades_in_from_silence()
    {
        var (playout, decoder) = Create();
        var frame = new short[AudioFormat.SamplesPerFrame];
        playout.Put(0, 0, TestDecoder.DefaultPayloadType, TestDecoder.Payload(0), TimeSpan.Zero);
        Assert.Equal(PlayoutFrame.Decoded, playout.Play(frame, TimeSpan.FromMilliseconds(20)));
        Assert.InRange(frame[0], 1, 100);
        Assert.Equal(TestDecoder.LoudValue(0), frame[^1]);
        Assert.Single(decoder.Calls);
    }

    [Fact]
    public void Packets_reordered_within_the_delay_play_in_order_without_concealment()
    {
        var (playout, decoder) = Create();

        // Every tenth packet is held up 25 ms and arrives after the one that follows it.
        var packets = Simulation.Stream(200, delay: i => TimeSpan.FromMilliseconds(i % 10 == 5 ? 30 : 5));
        var frames = Simulation.Run(playout, decoder, packets, 205);

        Assert.Equal(Enumerable.Range(0, 200), Simulation.PlayedSequences(frames));
        var stats = playout.Statistics;
        Assert.Equal((0L, 0L, 0L, 0L), (stats.ConcealedFec, stats.ConcealedPlc, stats.Lost, stats.Late));
        Assert.DoesNotContain(frames.SkipWhile(f => f.Kind == PlayoutFrame.Silence).Take(200), f => f.Kind != PlayoutFrame.Decoded);
    }

    [Fact]
    public void Duplicates_are_dropped_whether_still_buffered_or_already_played()
    {
        var (playout, decoder) = Create();
        var packets = Simulation.Stream(100);
        var copies = Simulation.Stream(100, delay: _ => TimeSpan.FromMilliseconds(8));
        var lateCopies = Simulation.Stream(100, delay: _ => TimeSpan.FromMilliseconds(100));
        var frames = Simulation.Run(playout, decoder, packets.Concat(copies).Concat(lateCopies), 110);

        Assert.Equal(Enumerable.Range(0, 100), Simulation.PlayedSequences(frames));
        var stats = playout.Statistics;
        Assert.Equal((100L, 200L, 0L), (stats.Received, stats.Duplicates, stats.Late));
    }

    [Fact]
    public void A_lost_packet_is_rebuilt_from_the_fec_in_the_next_packet()
    {
        var (playout, decoder) = Create();
        var packets = Simulation.Stream(30, delay: i => i == 10 ? null : TimeSpan.FromMilliseconds(5));
        var frames = Simulation.Run(playout, decoder, packets, 32);

        var concealed = frames[Lead + 10];
        Assert.Equal(PlayoutFrame.ConcealedFec, concealed.Kind);
        Assert.Equal(TestDecoder.FecValue(10), concealed.Sample);
        Assert.Equal([new DecoderCall(DecoderCallKind.Fec, 10, true)], concealed.Calls);
        Assert.Equal(PlayoutFrame.Decoded, frames[Lead + 11].Kind);
        Assert.Equal(Enumerable.Range(0, 30).Where(i => i != 10), Simulation.PlayedSequences(frames));
        var stats = playout.Statistics;
        Assert.Equal((1L, 0L, 1L), (stats.ConcealedFec, stats.ConcealedPlc, stats.Lost));
    }

    [Fact]
    public void A_lost_packet_whose_next_packet_is_missing_too_is_concealed_by_plc()
    {
        var (playout, decoder) = Create();
        var packets = Simulation.Stream(30, delay: i => i is 10 or 11 ? null : TimeSpan.FromMilliseconds(5));
        var frames = Simulation.Run(playout, decoder, packets, 34);

        // Frame for 10: nothing buffered yet, so wait a frame (12 may still come); then 10 by PLC, 11 by FEC from 12.
        Assert.Equal(PlayoutFrame.Stretched, frames[Lead + 10].Kind);
        Assert.Equal(PlayoutFrame.ConcealedPlc, frames[Lead + 11].Kind);
        Assert.Equal(TestDecoder.PlcValue, frames[Lead + 11].Sample);
        Assert.Equal(PlayoutFrame.ConcealedFec, frames[Lead + 12].Kind);
        Assert.Equal(TestDecoder.FecValue(11), frames[Lead + 12].Sample);
        Assert.Equal(12, frames[Lead + 13].Calls.Single().Sequence);
        var stats = playout.Statistics;
        Assert.Equal((1L, 1L, 2L), (stats.ConcealedFec, stats.ConcealedPlc, stats.Lost));
    }

    [Fact]
    public void A_packet_arriving_after_its_turn_is_dropped_as_late()
    {
        var (playout, decoder) = Create();
        var packets = Simulation.Stream(30, delay: i => TimeSpan.FromMilliseconds(i == 10 ? 200 : 5));
        var frames = Simulation.Run(playout, decoder, packets, 32);

        Assert.Equal(Enumerable.Range(0, 30).Where(i => i != 10), Simulation.PlayedSequences(frames));
        var stats = playout.Statistics;
        Assert.Equal((1L, 1L, 1L), (stats.Late, stats.Lost, stats.ConcealedFec));
    }

    [Fact]
    public void Sequence_and_timestamp_wrap_around_play_straight_through()
    {
        var (playout, decoder) = Create();
        var packets = Simulation.Stream(200, firstSequence: 65_500, firstTimestamp: uint.MaxValue - (960 * 20) + 1);
        var frames = Simulation.Run(playout, decoder, packets, 202);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (65_500 + i) & 0xFFFF), Simulation.PlayedSequences(frames));
        var stats = playout.Statistics;
        Assert.Equal((0L, 0L, TimeSpan.Zero), (stats.Lost, stats.Stretched, stats.Jitter));
        Assert.Equal(TimeSpan.FromMilliseconds(20), stats.TargetDelay);
    }

    [Fact]
    public void After_a_pause_of_the_sender_it_buffers_again_and_plays_on_without_loss()
    {
        var (playout, decoder) = Create();
        var pause = TimeSpan.FromSeconds(5);
        var packets = Simulation.Stream(100)
            .Concat(Simulation.Stream(100, sendTime: i => (i * Simulation.Frame) + pause, first: 100, firstTimestamp: 240_000))
            .ToList();
        var frames = Simulation.Run(playout, decoder, packets, 480);

        Assert.Equal(Enumerable.Range(0, 200), Simulation.PlayedSequences(frames));
        var resumed = frames.First(f => f.Kind == PlayoutFrame.Decoded && f.Calls[^1].Sequence == 100);
        Assert.Equal(PlayoutFrame.Silence, frames[resumed.Index - 1].Kind);
        Assert.InRange(resumed.BufferedDelay, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40));
        var stats = playout.Statistics;
        Assert.Equal((0L, 0L, 0L, 2L), (stats.Lost, stats.ConcealedFec, stats.ConcealedPlc, stats.Rebuffers));
    }

    [Fact]
    public void After_a_network_outage_it_buffers_again_and_counts_the_gap_lost()
    {
        var (playout, decoder) = Create();
        var packets = Simulation.Stream(450, delay: i => i is >= 100 and < 350 ? null : TimeSpan.FromMilliseconds(5));
        var frames = Simulation.Run(playout, decoder, packets, 480);

        Assert.Equal(Enumerable.Range(0, 100).Concat(Enumerable.Range(350, 100)), Simulation.PlayedSequences(frames));
        var stats = playout.Statistics;
        Assert.Equal((250L, 0L, 0L, 2L), (stats.Lost, stats.ConcealedFec, stats.ConcealedPlc, stats.Rebuffers));
    }

    [Fact]
    public void A_new_stream_after_a_sequence_restart_is_buffered_and_played()
    {
        var (playout, decoder) = Create();
        var packets = Simulation.Stream(50)
            .Concat(Simulation.Stream(50, first: 50, firstSequence: 40_000 - 50, firstTimestamp: 123_456_789))
            .ToList();
        var frames = Simulation.Run(playout, decoder, packets, 110);

        // RFC 3550 §A.1: the first packet of the new sequence is held on probation and dropped.
        Assert.Equal(Enumerable.Range(0, 50).Concat(Enumerable.Range(40_001, 49)), Simulation.PlayedSequences(frames));
        var stats = playout.Statistics;
        Assert.Equal((1L, 1L, 0L), (stats.Restarts, stats.OutOfSequence, stats.ConcealedFec + stats.ConcealedPlc));
    }

    [Fact]
    public void A_payload_the_decoder_throws_on_is_concealed_and_counted()
    {
        var decoder = new TestDecoder { ThrowOn = 7 };
        var playout = new AudioPlayout([decoder]);
        var frames = Simulation.Run(playout, decoder, Simulation.Stream(20), 22);

        Assert.Equal(TestDecoder.PlcValue, frames[Lead + 7].Sample);
        Assert.Equal(TestDecoder.LoudValue(8), frames[Lead + 8].Sample);
        var stats = playout.Statistics;
        Assert.Equal((1L, 20L), (stats.DecodeErrors, stats.Played));
    }

    [Fact]
    public void Packets_of_a_payload_type_without_decoder_are_rejected()
    {
        var (playout, _) = Create();
        Assert.Equal(PutResult.Rejected, playout.Put(1, 0, 0, [1, 2, 3], TimeSpan.Zero));
        Assert.Equal(PutResult.Rejected, playout.Put(1, 0, 200, [1, 2, 3], TimeSpan.Zero));
        Assert.Equal(2, playout.Statistics.Rejected);
    }

    [Fact]
    public void Two_decoders_for_one_payload_type_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new AudioPlayout([new TestDecoder(), new TestDecoder()]));
        Assert.Throws<ArgumentException>(() => new AudioPlayout([new TestDecoder(128)]));
    }

    [Fact]
    public void Decoders_are_chosen_by_payload_type()
    {
        var opus = new TestDecoder(111);
        var pcm = new TestDecoder(96);
        var playout = new AudioPlayout([opus, pcm]);
        var frame = new short[AudioFormat.SamplesPerFrame];
        playout.Put(0, 0, 111, TestDecoder.Payload(0), TimeSpan.Zero);
        playout.Put(1, 960, 96, TestDecoder.Payload(1), TimeSpan.FromMilliseconds(20));
        playout.Play(frame, TimeSpan.FromMilliseconds(20));
        playout.Play(frame, TimeSpan.FromMilliseconds(40));
        Assert.Equal(0, opus.Calls.Single().Sequence);
        Assert.Equal(1, pcm.Calls.Single().Sequence);
    }

    [Fact]
    public void Reset_goes_silent_and_takes_any_new_stream()
    {
        var (playout, decoder) = Create();
        Simulation.Run(playout, decoder, Simulation.Stream(20), 10);
        playout.Reset();
        var frame = new short[AudioFormat.SamplesPerFrame];
        Assert.Equal(PlayoutFrame.Silence, playout.Play(frame, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(PutResult.Accepted, playout.Put(30_000, 5, TestDecoder.DefaultPayloadType, TestDecoder.Payload(30_000), TimeSpan.FromMilliseconds(205)));
        Assert.Equal(PlayoutFrame.Silence, playout.Play(frame, TimeSpan.FromMilliseconds(220)));
        Assert.Equal(PlayoutFrame.Decoded, playout.Play(frame, TimeSpan.FromMilliseconds(240)));
        Assert.Equal(TestDecoder.LoudValue(30_000), frame[^1]);
    }

    [Fact]
    public void Put_and_play_allocate_nothing_once_running()
    {
        var playout = new AudioPlayout([new NullDecoder()]);
        var frame = new short[AudioFormat.SamplesPerFrame];
        var payload = new byte[200];
        var random = new Random(1);

        // Jitter, loss, duplicates and quiet frames, so that every path runs: decode, drop, stretch, FEC and PLC.
        void RunFrames(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                payload[0] = (byte)(i % 3 == 0 ? 0 : 100);
                var arrival = TimeSpan.FromMilliseconds((i * 20) + (random.NextDouble() * 40));
                if (i % 17 != 0)
                    playout.Put((ushort)i, (uint)(i * 960), TestDecoder.DefaultPayloadType, payload, arrival);
                if (i % 23 == 0)
                    playout.Put((ushort)i, (uint)(i * 960), TestDecoder.DefaultPayloadType, payload, arrival);
                playout.Play(frame, TimeSpan.FromMilliseconds((i * 20) + 10));
                _ = playout.Statistics;
            }
        }

        RunFrames(0, 2000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunFrames(2000, 5000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        var stats = playout.Statistics;
        Assert.True(stats.ConcealedFec > 0 && stats.Stretched > 0 && stats.Dropped + stats.Duplicates > 0, stats.ToString());
    }

    private static (AudioPlayout Playout, TestDecoder Decoder) Create()
    {
        var decoder = new TestDecoder();
        return (new AudioPlayout([decoder]), decoder);
    }
}
