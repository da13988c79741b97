using Sala.Media;

namespace Sala.Calls.Tests;

/// <summary>A speaker that keeps everything played, for comparing with what the other side's microphone carried.</summary>
internal sealed class RecordingSink : IAudioSink
{
    private readonly List<short> _samples = [];
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
