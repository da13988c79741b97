using BenchmarkDotNet.Attributes;
using Sala.Media;
using Sala.Media.Processing;

namespace Sala.Benchmarks.Micro;

/// <summary>
/// One 20 ms frame through each speexdsp stage: echo cancellation (default 300 ms filter, with and without the
/// residual echo suppressor) and noise suppression (with and without AGC); a frame copy is the baseline.
/// </summary>
[MemoryDiagnoser]
public class AudioProcessingBenchmarks : IDisposable
{
    private readonly EchoCanceller _canceller = new();
    private readonly EchoCanceller _linearCanceller = new(suppressResidualEcho: false);
    private readonly NoiseSuppressor _suppressor = new();
    private readonly NoiseSuppressor _suppressorWithAgc = new(automaticGainControl: true);
    private readonly short[] _captured = new short[AudioFormat.SamplesPerFrame];
    private readonly short[] _output = new short[AudioFormat.SamplesPerFrame];
    private int _frame;

    [Benchmark(Baseline = true, Description = "copy 20 ms")]
    public void Copy() => Speech.Frame(_frame++).CopyTo(_output);

    [Benchmark(Description = "echo cancel 20 ms, filter + residual suppression")]
    public void EchoCancel() => Cancel(_canceller);

    [Benchmark(Description = "echo cancel 20 ms, filter only")]
    public void EchoCancelLinear() => Cancel(_linearCanceller);

    [Benchmark(Description = "noise suppress 20 ms")]
    public void NoiseSuppress() => _suppressor.Process(Speech.Frame(_frame++), _output);

    [Benchmark(Description = "noise suppress 20 ms + AGC")]
    public void NoiseSuppressWithAgc() => _suppressorWithAgc.Process(Speech.Frame(_frame++), _output);

    public void Dispose()
    {
        _canceller.Dispose();
        _linearCanceller.Dispose();
        _suppressor.Dispose();
        _suppressorWithAgc.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Cancel(EchoCanceller canceller)
    {
        // The microphone hears the speaker's frame of 60 ms ago at a tenth of its power, over the near end's speech.
        var played = Speech.Frame(_frame);
        var echo = Speech.Frame(_frame + Speech.Frames - 3);
        var near = Speech.Frame(_frame + (Speech.Frames / 2));
        for (var n = 0; n < _captured.Length; n++)
            _captured[n] = (short)((echo[n] * 0.316) + (near[n] * 0.5));
        canceller.Process(played, _captured, _output);
        _frame++;
    }
}
