using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>
/// Issue 15 item 1: Opus packets of every length RFC 6716 allows (2.5 to 120 ms), as other stacks send them, play at
/// their true duration through the playout Sala uses, with loss concealed for the packet's whole length and the
/// timing kept. Packets come from libopus itself at each frame size; fails, not skips, without libopus.
/// </summary>
public sealed class PacketTimePlayoutTests
{
    private const double ToneHz = 1000;

    /// <summary>Turns by a fraction of a cycle in any whole number of 2.5 ms steps up to 120 ms, so time added or lost shows in its phase.</summary>
    private const double OffGridHz = 1130;
    private static readonly TimeSpan Network = TimeSpan.FromMilliseconds(5);

    [Theory]
    [InlineData(120)]    // 2.5 ms
    [InlineData(240)]    // 5 ms
    [InlineData(480)]    // 10 ms
    [InlineData(960)]    // 20 ms
    [InlineData(1920)]   // 40 ms
    [InlineData(2880)]   // 60 ms
    [InlineData(5760)]   // 120 ms
    public void A_tone_in_packets_of_any_Opus_length_plays_whole_and_on_time(int packetSamples)
    {
        var packets = Encode(Tone(TimeSpan.FromSeconds(3)), packetSamples, channels: 1);

        var (output, statistics) = Play(packets, packetSamples);

        var breaks = ToneContinuity.Find(output, ToneHz, TimeSpan.FromMilliseconds(200));
        Assert.True(breaks.None, breaks.ToString());
        Assert.InRange(statistics.Played, packets.Count - (2 * AudioFormat.SamplesPerFrame / packetSamples) - 1, packets.Count);
        // On time: nothing concealed, and no time added or taken away to move the delay.
        Assert.Equal(0, statistics.Lost + statistics.ConcealedPlc + statistics.ConcealedFec + statistics.Rejected);
        Assert.True(statistics.Stretched + statistics.Dropped == 0, statistics.ToString());
    }

    /// <summary>A call on 10 ms frames (<c>--frame 10ms</c>) pulls 10 ms at a time, from packets of any length.</summary>
    [Theory]
    [InlineData(480)]
    [InlineData(960)]
    [InlineData(2880)]
    public void Pulled_in_10_ms_frames_a_tone_in_packets_of_any_length_plays_whole_and_on_time(int packetSamples)
    {
        var packets = Encode(Tone(TimeSpan.FromSeconds(3)), packetSamples, channels: 1);

        var (output, statistics) = Play(packets, packetSamples, frameSamples: AudioFormat.SamplesPerFrame / 2);

        var breaks = ToneContinuity.Find(output, ToneHz, TimeSpan.FromMilliseconds(200));
        Assert.True(breaks.None, breaks.ToString());
        Assert.InRange(statistics.Played, packets.Count - (2 * AudioFormat.SamplesPerFrame / packetSamples) - 1, packets.Count);
        Assert.Equal(0, statistics.Lost + statistics.ConcealedPlc + statistics.ConcealedFec + statistics.Rejected);
        Assert.True(statistics.Stretched + statistics.Dropped == 0, statistics.ToString());
    }

    [Theory]
    [InlineData(480)]
    [InlineData(2880)]
    public void A_lost_packet_is_concealed_for_its_whole_length_and_the_tone_keeps_its_time(int packetSamples)
    {
        var packets = Encode(Tone(TimeSpan.FromSeconds(3), OffGridHz), packetSamples, channels: 1);
        var lost = packets.Count / 2;

        var (output, statistics) = Play(packets, packetSamples, lost);

        Assert.Equal(1, statistics.Lost);
        Assert.Equal(1, statistics.ConcealedPlc + statistics.ConcealedFec);
        Assert.InRange(statistics.Played, packets.Count / 2, packets.Count - 1);
        // Nothing inserted or dropped: well before and well after the loss, the tone is where a clock says it is.
        var start = FirstSound(output);
        var before = start + (lost * packetSamples) - (AudioFormat.SampleRate / 4);
        var after = start + ((lost + 1) * packetSamples) + (AudioFormat.SampleRate / 4);
        Assert.InRange(Math.Abs(Math.IEEERemainder(Phase(output, after, OffGridHz) - Phase(output, before, OffGridHz), 2 * Math.PI)), 0, 0.3);
    }

    [Fact]
    public void A_stereo_stream_plays_downmixed()
    {
        var packets = Encode(Tone(TimeSpan.FromSeconds(2)), 960, channels: 2);
        Assert.All(packets, p => Assert.True(OpusPacket.IsStereo(p[0])));

        var (output, statistics) = Play(packets, 960);

        var breaks = ToneContinuity.Find(output, ToneHz, TimeSpan.FromMilliseconds(200));
        Assert.True(breaks.None, breaks.ToString());
        Assert.InRange(statistics.Played, packets.Count - 3, packets.Count);
    }

    [Fact]
    public void A_stream_that_changes_its_packet_time_starts_over_at_the_new_one_and_plays_on()
    {
        var first = Encode(Tone(TimeSpan.FromSeconds(1)), 960, channels: 1);
        var second = Encode(Tone(TimeSpan.FromSeconds(1)), 2880, channels: 1);
        var packets = first.Concat(second).ToList();
        var samples = first.Select(_ => 960).Concat(second.Select(_ => 2880)).ToList();

        var (output, statistics) = Play(packets, samples);

        Assert.True(statistics.Restarts == 1, $"{statistics.Restarts} restarts; {statistics}");
        Assert.True(statistics.Played >= packets.Count - 2, $"{statistics.Played} of {packets.Count} played");
        // After the change the new length plays whole.
        var breaks = ToneContinuity.Find(output.AsSpan(output.Length - (AudioFormat.SampleRate / 2)), ToneHz, TimeSpan.Zero);
        Assert.True(breaks.None && breaks.Windows > 80, breaks.ToString());
    }

    private static (short[] Output, JitterStatistics Statistics) Play(
        List<byte[]> packets, int packetSamples, int lost = -1, int frameSamples = AudioFormat.SamplesPerFrame) =>
        Play(packets, packets.Select(_ => packetSamples).ToList(), lost, frameSamples);

    /// <summary>
    /// Each packet arrives a little after the audio it holds was captured, and a frame of <paramref name="frameSamples"/>
    /// (20 ms, or 10 ms as in a call on 10 ms frames) is pulled every frame on the same clock, until all but the last
    /// 40 ms of packets have begun to play.
    /// </summary>
    private static (short[] Output, JitterStatistics Statistics) Play(
        List<byte[]> packets, List<int> samples, int lost = -1, int frameSamples = AudioFormat.SamplesPerFrame)
    {
        using var decoder = new NativeOpusAudioDecoder();
        var playout = new AudioPlayout([decoder]);
        var arrivals = new List<TimeSpan>();
        var timestamps = new List<uint>();
        long captured = 0;
        foreach (var length in samples)
        {
            timestamps.Add((uint)captured);
            captured += length;
            arrivals.Add(TimeSpan.FromTicks(captured * TimeSpan.TicksPerSecond / AudioFormat.SampleRate) + Network);
        }

        // Until all but the last 40 ms have begun to play: those are a lead-out, so the last frame pulled still finds
        // packets (after them the playout would run dry, as at the end of any stream).
        var leadOut = (AudioFormat.SamplesPerFrame * 2 / samples[^1]) + 1;
        var frames = (int)(captured / frameSamples) + (25 * AudioFormat.SamplesPerFrame / frameSamples);
        var output = new short[frames * frameSamples];
        var next = 0;
        for (var f = 0; f < frames; f++)
        {
            var done = playout.Statistics;
            if (done.Played + done.Lost + done.Dropped >= packets.Count - leadOut)
            {
                output = output[..(f * frameSamples)];
                break;
            }

            var now = AudioFormat.DurationOf(frameSamples) * f;
            for (; next < packets.Count && arrivals[next] <= now; next++)
            {
                if (next != lost)
                    playout.Put((ushort)next, timestamps[next], AudioCodecs.OpusPayloadType, packets[next], arrivals[next]);
            }
            playout.Play(output.AsSpan(f * frameSamples, frameSamples), now);
        }

        return (output, playout.Statistics);
    }

    private static List<byte[]> Encode(short[] signal, int packetSamples, int channels)
    {
        var opus = LibOpus.Instance ?? throw new InvalidOperationException("libopus is not installed (tests/env/opus.sh).");
        var encoder = opus.CreateEncoder(AudioFormat.SampleRate, channels, LibOpus.ApplicationVoip);
        try
        {
            var packets = new List<byte[]>();
            var pcm = new short[packetSamples * channels];
            var buffer = new byte[4000];
            for (var at = 0; at + packetSamples <= signal.Length; at += packetSamples)
            {
                for (var i = 0; i < packetSamples; i++)
                {
                    for (var c = 0; c < channels; c++)
                        pcm[(i * channels) + c] = signal[at + i];
                }
                var length = opus.Encode(encoder, pcm, packetSamples, buffer);
                Assert.True(length > 0, $"opus_encode failed ({length})");
                Assert.True(OpusPacket.TryGetSamples(buffer.AsSpan(0, length), out var said) && said == packetSamples);
                packets.Add(buffer[..length]);
            }

            return packets;
        }
        finally
        {
            opus.DestroyEncoder(encoder);
        }
    }

    private static short[] Tone(TimeSpan length, double hz = ToneHz)
    {
        var samples = new short[(int)(length.TotalSeconds * AudioFormat.SampleRate)];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * hz * i / AudioFormat.SampleRate));
        return samples;
    }

    private static int FirstSound(short[] output) => Array.FindIndex(output, s => Math.Abs((int)s) > 1000);

    /// <summary>The tone's phase over the 50 ms from <paramref name="at"/>, against a cosine running from the first sample: the same everywhere while nothing is inserted or dropped.</summary>
    private static double Phase(short[] output, int at, double hz)
    {
        double re = 0, im = 0;
        for (var i = 0; i < 10 * ToneContinuity.WindowSamples; i++)
        {
            var angle = 2 * Math.PI * hz * (at + i) / AudioFormat.SampleRate;
            re += output[at + i] * Math.Cos(angle);
            im -= output[at + i] * Math.Sin(angle);
        }

        return Math.Atan2(im, re);
    }
}
