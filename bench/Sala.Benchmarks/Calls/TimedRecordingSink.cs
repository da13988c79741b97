using System.Diagnostics;
using Sala.Media;

namespace Sala.Benchmarks.Calls;

/// <summary>A speaker that keeps every frame and notes when the call handed it over (Stopwatch ticks).</summary>
internal sealed class TimedRecordingSink : IAudioSink
{
    private readonly List<long> _writtenAt = new(capacity: 1 << 16);
    private readonly List<short> _samples = new(capacity: 1 << 22);

    public string Name => "timed recording";

    public IReadOnlyList<long> WrittenAt => _writtenAt;

    public short[] Samples => [.. _samples];

    public void Write(ReadOnlySpan<short> frame)
    {
        _writtenAt.Add(Stopwatch.GetTimestamp());
        _samples.AddRange(frame);
    }

    public void Dispose()
    {
    }
}
