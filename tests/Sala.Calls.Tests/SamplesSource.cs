using Sala.Media;

namespace Sala.Calls.Tests;

/// <summary>A microphone that says the given samples once, then silence.</summary>
internal sealed class SamplesSource(short[] samples) : IAudioSource
{
    private int _position;

    public string Name => "samples";

    public void Read(Span<short> frame)
    {
        var count = Math.Clamp(samples.Length - _position, 0, frame.Length);
        samples.AsSpan(_position, count).CopyTo(frame);
        frame[count..].Clear();
        _position += count;
    }

    public void Dispose()
    {
    }
}
