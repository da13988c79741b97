using NAudio.Wave;
using Sala.Media.Devices;

namespace Sala.Media.Tests.Devices;

public sealed class WavFileDevicesTests : IDisposable
{
    private readonly TempFolder _directory = new();

    [Fact]
    public void Source_PlaysTheFileOnce_ThenSilence()
    {
        var path = _directory.File("voice.wav");
        var samples = SpeechLikeSignal.Generate(TimeSpan.FromMilliseconds(50), seed: 2);
        WavFiles.Write(path, samples, AudioFormat.SampleRate, 1);
        using var source = new WavFileSource(path);

        Assert.False(source.IsFinished);
        Assert.Equal(TimeSpan.FromMilliseconds(50), source.Duration);
        var played = SourceFrames.Read(source, frames: 5);

        Assert.True(source.IsFinished);
        Assert.Equal(samples, played[..samples.Length]);
        Assert.All(played[samples.Length..], s => Assert.Equal(0, s));
        Assert.Equal("voice.wav", source.Name);
    }

    [Fact]
    public void Source_IsNotFinishedBeforeItsLastSample()
    {
        var path = _directory.File("two-frames.wav");
        WavFiles.Write(path, new short[2 * AudioFormat.SamplesPerFrame], AudioFormat.SampleRate, 1);
        using var source = new WavFileSource(path);
        var frame = new short[AudioFormat.SamplesPerFrame];

        source.Read(frame);
        Assert.False(source.IsFinished);
        source.Read(frame);
        Assert.True(source.IsFinished);
    }

    [Fact]
    public void Source_OfAMissingFile_NamesIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new WavFileSource(_directory.File("gone.wav")));

        Assert.Contains("gone.wav", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sink_WritesExactlyTheFrames_As48kMono16Bit()
    {
        var path = _directory.File("heard.wav");
        var first = Enumerable.Range(0, AudioFormat.SamplesPerFrame).Select(i => (short)(i * 30)).ToArray();
        var second = Enumerable.Range(0, AudioFormat.SamplesPerFrame).Select(i => (short)(-i * 30)).ToArray();
        using (var sink = new WavFileSink(path))
        {
            sink.Write(first);
            sink.Write(new short[AudioFormat.SamplesPerFrame]);
            sink.Write(second);
            Assert.Equal(3 * AudioFormat.SamplesPerFrame, sink.SamplesWritten);
        }

        using var reader = new WaveFileReader(path);
        Assert.Equal(new WaveFormat(AudioFormat.SampleRate, 16, 1), reader.WaveFormat);
        var bytes = new byte[reader.Length];
        Assert.Equal(bytes.Length, reader.Read(bytes, 0, bytes.Length));
        var written = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, written, 0, bytes.Length);
        Assert.Equal([.. first, .. new short[AudioFormat.SamplesPerFrame], .. second], written);
    }

    [Fact]
    public void Sink_ThenSource_RoundTripsExactly()
    {
        var path = _directory.File("loop.wav");
        var samples = SpeechLikeSignal.Generate(TimeSpan.FromMilliseconds(200), seed: 4);
        using (var sink = new WavFileSink(path))
        {
            foreach (var frame in samples.Chunk(AudioFormat.SamplesPerFrame))
            {
                sink.Write(frame);
            }
        }

        using var source = new WavFileSource(path);

        Assert.Equal(samples, SourceFrames.Read(source, frames: 10));
    }

    [Fact]
    public void Sink_InAMissingDirectory_NamesTheFile()
    {
        var error = Assert.Throws<IOException>(() => new WavFileSink(_directory.File(Path.Combine("no", "such", "out.wav"))));

        Assert.Contains("out.wav", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
