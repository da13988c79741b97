using Sala.Media;

namespace Sala.Benchmarks.Micro;

/// <summary>A microphone saying the benchmark speech over and over, in frames of any length.</summary>
internal sealed class LoopedSpeechSource : IAudioSource
{
    private int _position;

    public string Name => "looped speech";

    public void Read(Span<short> frame)
    {
        for (var filled = 0; filled < frame.Length;)
        {
            var take = Math.Min(frame.Length - filled, Speech.Samples.Length - _position);
            Speech.Samples.AsSpan(_position, take).CopyTo(frame[filled..]);
            filled += take;
            _position = (_position + take) % Speech.Samples.Length;
        }
    }

    public void Dispose()
    {
    }
}
