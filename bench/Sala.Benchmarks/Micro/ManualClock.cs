namespace Sala.Benchmarks.Micro;

/// <summary>A clock that moves only when told: the media session benchmark steps it one frame per operation.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
