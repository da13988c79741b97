using NAudio.Wave;

namespace Sala.Media.Devices;

/// <summary>Averages any number of interleaved channels into one, so a 5.1 file works as well as a stereo one.</summary>
internal sealed class DownmixSampleProvider : ISampleProvider
{
    private readonly ISampleProvider _source;
    private readonly int _channels;
    private float[] _buffer = [];

    public DownmixSampleProvider(ISampleProvider source)
    {
        _source = source;
        _channels = source.WaveFormat.Channels;
        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(source.WaveFormat.SampleRate, 1);
    }

    public WaveFormat WaveFormat { get; }

    public int Read(float[] buffer, int offset, int count)
    {
        var wanted = count * _channels;
        if (_buffer.Length < wanted)
        {
            _buffer = new float[wanted];
        }

        var read = _source.Read(_buffer, 0, wanted);
        var frames = read / _channels;
        for (var f = 0; f < frames; f++)
        {
            var sum = 0f;
            for (var c = 0; c < _channels; c++)
            {
                sum += _buffer[(f * _channels) + c];
            }

            buffer[offset + f] = sum / _channels;
        }

        return frames;
    }
}
