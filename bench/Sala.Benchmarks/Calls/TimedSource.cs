using System.Diagnostics;
using Sala.Media;

namespace Sala.Benchmarks.Calls;

/// <summary>A microphone that notes when the call took each frame from it (Stopwatch ticks).</summary>
internal sealed class TimedSource(IAudioSource inner) : IAudioSource
{
    private readonly List<long> _readAt = new(capacity: 1 << 16);

    public string Name => inner.Name;

    /// <summary>When frame i was read; safe to use once the call has stopped.</summary>
    public IReadOnlyList<long> ReadAt => _readAt;

    /// <summary>The length of the frames the call read (one length a call).</summary>
    public int FrameSamples { get; private set; } = AudioFormat.SamplesPerFrame;

    public void Read(Span<short> frame)
    {
        FrameSamples = frame.Length;
        _readAt.Add(Stopwatch.GetTimestamp());
        inner.Read(frame);
    }

    public void Dispose() => inner.Dispose();
}
