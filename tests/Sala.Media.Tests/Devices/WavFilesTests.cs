using NAudio.Wave;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Media.Tests.Devices;

public sealed class WavFilesTests : IDisposable
{
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(2);
    private static readonly short[] Original = SpeechLikeSignal.Generate(Length, seed: 11);
    private readonly TempFolder _directory = new();

    [Theory]
    [InlineData(8_000, 1)]
    [InlineData(22_050, 2)]
    [InlineData(44_100, 1)]
    [InlineData(48_000, 2)]
    public void Pcm16_OfAnyRateAndChannels_ComesOutAs48kMono(int sampleRate, int channels)
    {
        var path = _directory.File("in.wav");
        WavFiles.Write(path, Interleave(SpeechLikeSignal.Generate(Length, sampleRate, seed: 11), channels), sampleRate, channels);

        var samples = WavFiles.ReadAsAudioFormat(path);

        AssertLengthAndContent(samples, minimumSimilarity: sampleRate >= 16_000 ? 0.95 : 0.8);
    }

    [Fact]
    public void Pcm16_At48kMono_IsReadExactly()
    {
        var path = _directory.File("in.wav");
        WavFiles.Write(path, Original, AudioFormat.SampleRate, 1);

        Assert.Equal(Original, WavFiles.ReadAsAudioFormat(path));
    }

    [Theory]
    [InlineData("pcm24", 44_100, 2)]
    [InlineData("float32", 16_000, 1)]
    [InlineData("extensible24", 96_000, 2)]
    [InlineData("extensible-float32", 48_000, 1)]
    public void Pcm24AndFloat32_PlainOrExtensible_AreReadToo(string encoding, int sampleRate, int channels)
    {
        var path = _directory.File("in.wav");
        var format = encoding switch
        {
            "float32" => WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, channels),
            "extensible24" => new WaveFormatExtensible(sampleRate, 24, channels),
            // NAudio labels a 32-bit WAVE_FORMAT_EXTENSIBLE as IEEE float.
            "extensible-float32" => new WaveFormatExtensible(sampleRate, 32, channels),
            _ => new WaveFormat(sampleRate, 24, channels),
        };
        using (var writer = new WaveFileWriter(path, format))
        {
            foreach (var sample in Interleave(SpeechLikeSignal.Generate(Length, sampleRate, seed: 11), channels))
            {
                if (encoding == "extensible-float32")
                {
                    // NAudio's WriteSample writes zeros for an extensible float format, so the bytes are written here.
                    writer.Write(BitConverter.GetBytes(sample / 32768f));
                }
                else
                {
                    writer.WriteSample(sample / 32768f);
                }
            }
        }

        AssertLengthAndContent(WavFiles.ReadAsAudioFormat(path), minimumSimilarity: 0.95);
    }

    [Fact]
    public void Stereo_IsAveragedToMono()
    {
        var path = _directory.File("in.wav");
        WavFiles.Write(path, [1000, 3000, -2000, 0, 100, 100], AudioFormat.SampleRate, 2);

        Assert.Equal(new short[] { 2000, -1000, 100 }, WavFiles.ReadAsAudioFormat(path));
    }

    [Fact]
    public void MissingFile_IsNamedInTheError()
    {
        var path = _directory.File("nowhere.wav");

        var error = Assert.Throws<FileNotFoundException>(() => WavFiles.ReadAsAudioFormat(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotWav_IsNamedInTheError()
    {
        var path = _directory.File("notes.wav");
        File.WriteAllText(path, "these are not samples");

        var error = Assert.Throws<InvalidDataException>(() => WavFiles.ReadAsAudioFormat(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static void AssertLengthAndContent(short[] samples, double minimumSimilarity)
    {
        // The resampler may keep back a few samples of its filter's tail; a millisecond either way is fine.
        Assert.InRange(samples.Length, Original.Length - 48, Original.Length + 48);
        var similarity = AudioAnalysis.SimilarityAt(Original, samples, 0);
        Assert.True(similarity > minimumSimilarity, $"similarity {similarity:0.000}");
        // Resampling filters may shift the signal by a fraction of a millisecond.
        Assert.InRange(AudioAnalysis.FindOffset(Original, samples, 480), -24, 24);
    }

    private static short[] Interleave(short[] mono, int channels)
    {
        var result = new short[mono.Length * channels];
        for (var i = 0; i < mono.Length; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                // Quieter channels after the first, so the downmix has real work to do.
                result[(i * channels) + c] = (short)(mono[i] / (c + 1));
            }
        }

        return result;
    }
}
