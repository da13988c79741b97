using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Media.Tests.Devices;

public sealed class SpeechLikeSignalTests
{
    [Fact]
    public void SameSeed_GivesTheSameSamples() =>
        Assert.Equal(
            SpeechLikeSignal.Generate(TimeSpan.FromSeconds(1), seed: 3),
            SpeechLikeSignal.Generate(TimeSpan.FromSeconds(1), seed: 3));

    [Fact]
    public void OtherSeed_GivesOtherSamples() =>
        Assert.NotEqual(
            SpeechLikeSignal.Generate(TimeSpan.FromSeconds(1), seed: 3),
            SpeechLikeSignal.Generate(TimeSpan.FromSeconds(1), seed: 4));

    [Theory]
    [InlineData(8_000)]
    [InlineData(22_050)]
    [InlineData(48_000)]
    public void Length_AndLevel_FitTheRequest(int sampleRate)
    {
        var samples = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(2), sampleRate);

        Assert.Equal(2 * sampleRate, samples.Length);
        Assert.InRange(samples.Max(s => Math.Abs((int)s)), 16_000, 16_500);
    }

    [Fact]
    public void Signal_HasSyllablesAndPauses()
    {
        var samples = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(4), seed: 9);

        // Per 20 ms frame: loud voiced stretches and near-silent pauses must both be common, as in speech.
        var levels = samples.Chunk(AudioFormat.SamplesPerFrame).Select(f => AudioAnalysis.Rms(f)).ToArray();
        var loud = levels.Count(l => l > 0.05);
        var quiet = levels.Count(l => l < 0.005);
        Assert.InRange(loud, levels.Length * 0.3, levels.Length * 0.9);
        Assert.InRange(quiet, levels.Length * 0.1, levels.Length * 0.6);
        Assert.True(TalkSpurts(levels) >= 6, "several syllables");
    }

    [Fact]
    public void Voice_HasItsPitchBetween100And250Hz()
    {
        var samples = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(4), seed: 9);

        var inBand = 0.0;
        for (var hz = 100; hz <= 250; hz += 10)
        {
            inBand += AudioAnalysis.ToneLevel(samples, hz);
        }

        Assert.True(inBand > 10 * AudioAnalysis.ToneLevel(samples, 60) + 10 * AudioAnalysis.ToneLevel(samples, 5_000));
    }

    private static int TalkSpurts(double[] levels)
    {
        var spurts = 0;
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] > 0.05 && (i == 0 || levels[i - 1] <= 0.05))
            {
                spurts++;
            }
        }

        return spurts;
    }
}
