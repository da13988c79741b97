using Sala.Media;

namespace Sala.Benchmarks.Micro;

/// <summary>A microphone saying the benchmark speech over and over.</summary>
internal sealed class LoopedSpeechSource : IAudioSource
{
    private int _frame;

    public string Name => "looped speech";

    public void Read(Span<short> frame) => Speech.Frame(_frame++).CopyTo(frame);

    public void Dispose()
    {
    }
}
