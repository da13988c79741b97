using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Media.Tests.Devices;

public sealed class ToneSourceTests
{
    [Theory]
    [InlineData(440)]
    [InlineData(1000)]
    [InlineData(123.4)]
    public void Tone_IsAtItsFrequency(double hz)
    {
        using var source = new ToneSource(hz);

        var samples = SourceFrames.Read(source, frames: 25);

        Assert.True(AudioAnalysis.ToneLevel(samples, hz) > 0.99);
        Assert.True(AudioAnalysis.ToneLevel(samples, hz * 1.1) < 0.01);
        Assert.InRange(AudioAnalysis.Rms(samples), 0.3 * 0.70, 0.3 * 0.71);
    }

    [Fact]
    public void Phase_ContinuesAcrossFrames()
    {
        using var framed = new ToneSource(441);
        using var whole = new ToneSource(441);

        var inFrames = SourceFrames.Read(framed, frames: 3);
        var inOne = new short[3 * AudioFormat.SamplesPerFrame];
        whole.Read(inOne);

        // Equal up to the rounding a wrapped phase may shift by one.
        Assert.All(inFrames.Zip(inOne), p => Assert.InRange(p.First - p.Second, -1, 1));
    }

    [Fact]
    public void Amplitude_SetsThePeak()
    {
        using var source = new ToneSource(500, amplitude: 0.5);

        var samples = SourceFrames.Read(source, frames: 5);

        Assert.InRange(samples.Max(s => (int)s), 16_300, 16_384);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(24_000)]
    [InlineData(double.NaN)]
    public void Frequency_OutsideTheBand_IsRefused(double hz) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ToneSource(hz));

    [Fact]
    public void Name_SaysTheFrequency()
    {
        using var source = new ToneSource(440);

        Assert.Equal("tone 440 Hz", source.Name);
    }
}
