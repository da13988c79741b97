using Sala.Media;

namespace Sala.Calls.Media.Pacing;

/// <summary>
/// Paces frames by the system clock, one every frame's length (20 or 10 ms) from the first, for devices with no clock of their own (files,
/// tones, silence). The thread sleeps to each frame's deadline: a timer continuation on the thread pool 50 times a
/// second woke a pool worker that spun looking for more work after each frame, and that cost more CPU than the frame
/// itself (docs/benchmarks.md, CPU of a call).
/// </summary>
internal sealed class SystemClockTicker : IFrameTicker
{
    /// <summary>After a stall longer than this (a second), the missed frames are skipped rather than caught up in a burst.</summary>
    private static readonly TimeSpan MaxCatchUp = TimeSpan.FromSeconds(1);

    /// <summary>Keeps a wait that ends a hair early from losing its frame.</summary>
    private static readonly TimeSpan TickMargin = TimeSpan.FromMilliseconds(2);

    private readonly Func<TimeSpan> _now;
    private readonly TimeSpan _origin;
    private readonly TimeSpan _frame;
    private readonly long _maxCatchUpFrames;
    private long _next;

    /// <param name="now">The session's clock.</param>
    /// <param name="frameSamples">The frame's length.</param>
    public SystemClockTicker(Func<TimeSpan> now, int frameSamples = AudioFormat.SamplesPerFrame)
    {
        _now = now;
        _frame = AudioFormat.DurationOf(frameSamples);
        _maxCatchUpFrames = MaxCatchUp.Ticks / _frame.Ticks;
        // Frame times are counted from here, when the loop starts, not from the session's construction: otherwise
        // every frame runs late by the phase between the two (codec warm-up, scheduling; anything from 0 to 20 ms),
        // and packets that arrived within that phase wait a whole frame more.
        _origin = now() - TickMargin;
    }

    /// <summary>
    /// Each frame runs at its own time: when it was due plus the margin, or now if that is earlier, so packets that
    /// arrived before the loop woke are played at this frame (with the frame's time alone they waited 2 ms longer,
    /// measured by bench/Sala.Benchmarks latency), while after a stall the frames caught up in a burst still take
    /// only the packets that had come by their own time.
    /// </summary>
    public bool WaitForFrame(CancellationToken cancellationToken, out TimeSpan frameTime)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _now();
            var due = (long)((now - _origin) / _frame) + 1;
            if (due - _next > _maxCatchUpFrames)
                _next = due - _maxCatchUpFrames;
            var deadline = _origin + (_frame * _next) + TickMargin;
            if (_next < due)
            {
                _next++;
                frameTime = deadline < now ? deadline : now;
                return true;
            }
            cancellationToken.WaitHandle.WaitOne((int)Math.Ceiling((deadline - now).TotalMilliseconds));
        }
        frameTime = default;
        return false;
    }

    public void Dispose()
    {
    }
}
