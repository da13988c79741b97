using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Media.Tests.Devices;

public sealed class SimpleDevicesTests
{
    [Fact]
    public void Silence_IsSilent()
    {
        using var source = new SilenceSource();
        var frame = Enumerable.Repeat((short)3, AudioFormat.SamplesPerFrame).ToArray();

        source.Read(frame);

        Assert.All(frame, s => Assert.Equal(0, s));
    }

    [Fact]
    public void NullSink_CountsWhatItDiscards()
    {
        using var sink = new NullSink();

        sink.Write(new short[AudioFormat.SamplesPerFrame]);
        sink.Write(new short[AudioFormat.SamplesPerFrame]);

        Assert.Equal(2 * AudioFormat.SamplesPerFrame, sink.SamplesWritten);
    }

    [Fact]
    public void ClickTrain_ClicksOncePerInterval()
    {
        using var source = new ClickTrainSource(intervalMilliseconds: 250);

        var samples = SourceFrames.Read(source, frames: 50);

        var onsets = new List<int>();
        for (var i = 0; i < samples.Length; i++)
        {
            if (samples[i] != 0 && (i == 0 || samples[i - 1] == 0) && (onsets.Count == 0 || i - onsets[^1] > ClickTrainSource.ClickSamples))
            {
                onsets.Add(i);
            }
        }

        Assert.Equal(4, onsets.Count);
        Assert.All(onsets.Zip(onsets.Skip(1)), p => Assert.InRange(p.Second - p.First, 11_990, 12_010));
        Assert.True(AudioAnalysis.Rms(samples.AsSpan(onsets[0], ClickTrainSource.ClickSamples)) > 0.2);
    }
}
