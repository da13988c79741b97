using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Media.Tests.Codecs;
using Sala.Media.Tests.Devices;

namespace Sala.Media.Tests.Analysis;

public sealed class AudioAnalysisTests
{
    private static readonly short[] Speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 21);

    [Fact]
    public void Similarity_OfIdenticalAudio_IsOne() =>
        Assert.True(AudioAnalysis.Similarity(Speech, Speech) > 0.999);

    [Fact]
    public void Similarity_OfDelayedOpusCodedSpeechWithLoss_IsHigh()
    {
        using var encoder = new OpusAudioEncoder();
        using var decoder = new OpusAudioDecoder();
        var payloads = CodecLoop.EncodeAll(encoder, Speech);
        var lost = Enumerable.Range(0, payloads.Length).Where(f => f % 10 == 5).ToHashSet();
        var coded = CodecLoop.DecodeAll(decoder, payloads, lost, useFec: true);
        var recording = Delay(coded, 30_000, gain: 0.6);

        var similarity = AudioAnalysis.Similarity(Speech, recording);

        Assert.True(similarity > 0.8, $"similarity {similarity:0.000}");
    }

    [Fact]
    public void Similarity_FollowsSilenceInsertedMidway_AsAJitterBufferReBufferingAfterAStallDoes()
    {
        var middle = Speech.Length / 2;
        var gap = new short[AudioFormat.SampleRate * 3 / 10];
        short[] shifted = [.. Speech[..middle], .. gap, .. Speech[middle..]];

        Assert.True(AudioAnalysis.SimilarityAt(Speech, shifted, 0) < 0.8);
        var similarity = AudioAnalysis.Similarity(Speech, shifted);
        Assert.True(similarity > 0.9, $"similarity {similarity:0.000}");
    }

    [Fact]
    public void Similarity_OfOtherSpeech_IsLow()
    {
        var other = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 22);

        var similarity = AudioAnalysis.Similarity(Speech, other);

        Assert.True(similarity < 0.5, $"similarity {similarity:0.000}");
    }

    [Fact]
    public void Similarity_OfNoiseOrSilence_IsLow()
    {
        var random = new Random(1);
        var noise = new short[Speech.Length];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (short)random.Next(-8_000, 8_000);
        }

        Assert.True(AudioAnalysis.Similarity(Speech, noise) < 0.5);
        Assert.True(AudioAnalysis.Similarity(Speech, new short[Speech.Length]) < 0.5);
    }

    [Fact]
    public void Similarity_OfARecordingCutShort_CountsTheMissingPart()
    {
        var half = Speech[..(Speech.Length / 2)];

        Assert.True(AudioAnalysis.SimilarityAt(Speech, half, 0) < 0.85);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12_345)]
    [InlineData(95_000)]
    public void FindOffset_FindsAKnownDelay(int delay)
    {
        var recording = Delay(Speech, delay, gain: 0.5);

        Assert.Equal(delay, AudioAnalysis.FindOffset(Speech, recording, maxLag: 2 * AudioFormat.SampleRate));
    }

    [Fact]
    public void FindOffset_FindsARecordingThatStartedLate()
    {
        var recording = Speech[4_800..];

        Assert.Equal(-4_800, AudioAnalysis.FindOffset(Speech, recording, maxLag: AudioFormat.SampleRate));
    }

    [Fact]
    public void FindOffset_FindsALongDelayWithinTwoSecondsOfLag()
    {
        var recording = Delay(Speech, 70_000, gain: 1);

        Assert.Equal(70_000, AudioAnalysis.FindOffset(Speech, recording, maxLag: 2 * AudioFormat.SampleRate));
    }

    [Fact]
    public void ToneLevel_SeesTheToneAndOnlyIt()
    {
        using var source = new ToneSource(1_000);
        var tone = SourceFrames.Read(source, frames: 10);

        Assert.True(AudioAnalysis.ToneLevel(tone, 1_000) > 0.99);
        Assert.True(AudioAnalysis.ToneLevel(tone, 1_200) < 0.01);
        Assert.Equal(0, AudioAnalysis.ToneLevel(new short[960], 1_000));
    }

    [Fact]
    public void ToneLevel_HonoursTheSampleRate()
    {
        var tone = new short[8_000];
        for (var i = 0; i < tone.Length; i++)
        {
            tone[i] = (short)(10_000 * Math.Sin(2 * Math.PI * 440 * i / 8_000));
        }

        Assert.True(AudioAnalysis.ToneLevel(tone, 440, 8_000) > 0.99);
    }

    [Fact]
    public void Rms_IsAFractionOfFullScale()
    {
        Assert.Equal(0, AudioAnalysis.Rms([]));
        Assert.Equal(0, AudioAnalysis.Rms(new short[100]));
        Assert.Equal(0.5, AudioAnalysis.Rms([16_384, -16_384]), 6);
    }

    private static short[] Delay(short[] signal, int delay, double gain)
    {
        var result = new short[signal.Length + delay + 9_600];
        for (var i = 0; i < signal.Length; i++)
        {
            result[delay + i] = (short)(signal[i] * gain);
        }

        return result;
    }
}
