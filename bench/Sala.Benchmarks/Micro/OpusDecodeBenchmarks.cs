using BenchmarkDotNet.Attributes;
using Sala.Media;
using Sala.Media.Codecs;

namespace Sala.Benchmarks.Micro;

/// <summary>One 20 ms frame decoded by Concentus (the baseline) and by libopus, from the same libopus packets.</summary>
[MemoryDiagnoser]
public class OpusDecodeBenchmarks : IDisposable
{
    private readonly IAudioDecoder _managed = AudioCodecs.CreateOpusDecoder(OpusImplementation.Managed);
    private readonly IAudioDecoder _native = AudioCodecs.CreateOpusDecoder(OpusImplementation.Native);
    private readonly byte[][] _payloads = new byte[Speech.Frames][];
    private readonly short[] _frame = new short[AudioFormat.SamplesPerFrame];
    private int _managedFrame;
    private int _nativeFrame;

    public OpusDecodeBenchmarks()
    {
        using var encoder = AudioCodecs.CreateOpusEncoder(OpusImplementation.Native);
        var buffer = new byte[1500];
        for (var f = 0; f < Speech.Frames; f++)
            _payloads[f] = buffer[..encoder.Encode(Speech.Frame(f), buffer)];
    }

    [Benchmark(Baseline = true, Description = "decode 20 ms, Concentus")]
    public void Concentus() => _managed.Decode(_payloads[_managedFrame++ % Speech.Frames], _frame);

    [Benchmark(Description = "decode 20 ms, libopus")]
    public void LibOpus() => _native.Decode(_payloads[_nativeFrame++ % Speech.Frames], _frame);

    public void Dispose()
    {
        _managed.Dispose();
        _native.Dispose();
        GC.SuppressFinalize(this);
    }
}
