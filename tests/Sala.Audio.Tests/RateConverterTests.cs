using Sala.Media.Analysis;

namespace Sala.Audio.Tests;

public sealed class RateConverterTests
{
    [Theory]
    [InlineData(44_100, 48_000)]
    [InlineData(48_000, 44_100)]
    [InlineData(16_000, 48_000)]
    [InlineData(48_000, 96_000)]
    public void A_tone_converted_in_device_sized_chunks_keeps_its_pitch_level_and_duration(int from, int to)
    {
        var input = RawAudio.Tone(1000, from, TimeSpan.FromSeconds(1));
        var chunk = from / 100;
        var converter = new RateConverter(from, to, chunk);
        var output = new List<short>();
        var buffer = new short[converter.MaxOutput];
        for (var start = 0; start + chunk <= input.Length; start += chunk)
            output.AddRange(buffer.AsSpan(0, converter.Convert(input.AsSpan(start, chunk), buffer)).ToArray());

        // The converter holds back a few samples of delay; the rest comes out.
        Assert.InRange(output.Count, to - 64, to);
        var steady = output.ToArray().AsSpan(to / 10);
        Assert.InRange(AudioAnalysis.ToneLevel(steady, 1000, to), 0.99, 1);
        Assert.InRange(AudioAnalysis.Rms(steady), 0.5 * 0.707 * 0.95, 0.5 * 0.707 * 1.05);
    }
}
