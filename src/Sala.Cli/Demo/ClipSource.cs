using Sala.Media;

namespace Sala.Cli.Demo;

/// <summary>A microphone that says a clip held in memory once, then silence.</summary>
internal sealed class ClipSource(short[] clip, string name) : IAudioSource
{
    private int _position;

    public string Name => name;

    public void Read(Span<short> frame)
    {
        var count = Math.Clamp(clip.Length - _position, 0, frame.Length);
        clip.AsSpan(_position, count).CopyTo(frame);
        frame[count..].Clear();
        _position += count;
    }

    public void Dispose()
    {
    }
}
