using Sala.Media;

namespace Sala.Bench.Soak;

/// <summary>A microphone that plays the same samples over and over (speech-like sound, with its pauses).</summary>
internal sealed class LoopingSource(string name, short[] samples) : IAudioSource
{
    private int _at;

    public string Name => name;

    public void Read(Span<short> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = samples[_at];
            _at = (_at + 1) % samples.Length;
        }
    }

    public void Dispose()
    {
    }
}
