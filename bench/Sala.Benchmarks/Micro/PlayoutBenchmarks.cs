using BenchmarkDotNet.Attributes;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Jitter;

namespace Sala.Benchmarks.Micro;

/// <summary>
/// One frame's work on the receive side: a packet put into the jitter buffer and a frame played out, with a decoder
/// that does nothing (the codec has its own benchmark). Every 50th packet is missing, so concealment runs too.
/// </summary>
[MemoryDiagnoser]
public class PlayoutBenchmarks
{
    private readonly AudioPlayout _playout = new([new NullDecoder()]);
    private readonly byte[] _payload = new byte[60];
    private readonly short[] _frame = new short[AudioFormat.SamplesPerFrame];
    private long _frameIndex;

    [GlobalSetup]
    public void Start()
    {
        for (var i = 0; i < 10; i++)
            PutAndPlay();
    }

    [Benchmark(Description = "jitter buffer put + play")]
    public PlayoutFrame PutAndPlay()
    {
        var now = AudioFormat.FrameDuration * _frameIndex;
        var sequence = (ushort)_frameIndex;
        if (_frameIndex % 50 != 49)
            _playout.Put(sequence, (uint)(sequence * AudioFormat.SamplesPerFrame), AudioCodecs.OpusPayloadType, _payload, now);
        _frameIndex++;
        return _playout.Play(_frame, now);
    }
}
