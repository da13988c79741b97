using Sala.Media;

namespace Sala.Calls.Tests;

/// <summary>A speaker that keeps everything played, for comparing with what the other side's microphone carried.</summary>
/// <param name="capacity">
/// Samples to make room for at once: a long recording that grows by doubling copies tens of megabytes on the audio
/// thread, a stall heard as a gap in real-time tests.
/// </param>
internal sealed class RecordingSink(int capacity = 0) : IAudioSink
{
    private readonly List<short> _samples = new(capacity);
    private readonly Lock _gate = new();

    public string Name => "recording";

    public bool Disposed { get; private set; }

    public short[] Samples
    {
        get
        {
            lock (_gate)
                return [.. _samples];
        }
    }

    public void Write(ReadOnlySpan<short> frame)
    {
        lock (_gate)
            _samples.AddRange(frame);
    }

    public void Dispose() => Disposed = true;
}
