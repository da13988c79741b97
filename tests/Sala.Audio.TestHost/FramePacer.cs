using System.Diagnostics;
using Sala.Media;

namespace Sala.Audio.TestHost;

/// <summary>
/// Paces a loop by the clock as the call's frame loop does: each wake-up says how many 20 ms frames are due, so a
/// late wake-up (a loaded machine) catches up instead of falling behind for good (PeriodicTimer drops missed ticks).
/// </summary>
internal sealed class FramePacer : IDisposable
{
    private readonly PeriodicTimer _timer = new(AudioFormat.FrameDuration);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done;

    /// <summary>Waits for the next tick; returns the frames due since the last call (the first call returns 1 at once).</summary>
    public int NextFrames()
    {
        if (_done > 0)
            _timer.WaitForNextTickAsync().AsTask().Wait();
        var due = Math.Max(_done + 1, (long)(_clock.Elapsed / AudioFormat.FrameDuration) + 1);
        var count = (int)(due - _done);
        _done = due;
        return count;
    }

    public void Dispose() => _timer.Dispose();
}
