using BenchmarkDotNet.Attributes;
using Sala.Media;
using Sala.Media.Codecs;

namespace Sala.Benchmarks.Micro;

/// <summary>One 20 ms frame of speech encoded by Concentus (the baseline) and by libopus, same settings.</summary>
[MemoryDiagnoser]
public class OpusEncodeBenchmarks : IDisposable
{
    private readonly IAudioEncoder _managed = AudioCodecs.CreateOpusEncoder(OpusImplementation.Managed);
    private readonly IAudioEncoder _native = AudioCodecs.CreateOpusEncoder(OpusImplementation.Native);
    private readonly byte[] _payload = new byte[1500];
    private int _managedFrame;
    private int _nativeFrame;

    [Benchmark(Baseline = true, Description = "encode 20 ms, Concentus")]
    public int Concentus() => _managed.Encode(Speech.Frame(_managedFrame++), _payload);

    [Benchmark(Description = "encode 20 ms, libopus")]
    public int LibOpus() => _native.Encode(Speech.Frame(_nativeFrame++), _payload);

    public void Dispose()
    {
        _managed.Dispose();
        _native.Dispose();
        GC.SuppressFinalize(this);
    }
}
