using Sala.Media;

namespace Sala.Calls.Media.Pacing;

/// <summary>
/// Paces frames by the microphone's own clock: a frame runs as soon as the device has captured one, so what is sent
/// keeps exactly the device's rate and nothing piles up or runs dry between the two. A microphone that falls silent
/// (a stalled or failed device) does not stop the call: after two frames' wait (40 ms at least), frames go on every frame's length on
/// the system clock until it delivers again, and the reads it misses count as underruns.
/// </summary>
internal sealed class CaptureClockTicker(ICaptureClock microphone, Func<TimeSpan> now, int frameSamples = AudioFormat.SamplesPerFrame) : IFrameTicker
{
    private readonly TimeSpan _frame = AudioFormat.DurationOf(frameSamples);

    private TimeSpan _last = now();

    /// <summary>
    /// Two frames, and never under 40 ms: a sound server may hand over 40 ms at a time, which on 10 ms frames is four
    /// frames at once and then nothing for 30 ms, no stall.
    /// </summary>
    private TimeSpan Slack => _frame * 2 > AudioFormat.FrameDuration * 2 ? _frame * 2 : AudioFormat.FrameDuration * 2;

    /// <summary>Short enough that a cancelled loop stops within a frame.</summary>
    private TimeSpan PollLimit => _frame;

    public bool WaitForFrame(CancellationToken cancellationToken, out TimeSpan frameTime)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var before = now();
            var late = _last + _frame + Slack - before;
            var wait = late < PollLimit ? (late > TimeSpan.Zero ? late : TimeSpan.Zero) : PollLimit;
            if (microphone.WaitForFrame(frameSamples, wait))
            {
                frameTime = _last = now();
                return true;
            }
            if (late <= TimeSpan.Zero)
            {
                frameTime = now();
                // The next one is due a frame later, not a frame after the slack: the call keeps its frames a second.
                _last = frameTime - Slack;
                return true;
            }
            // A failed device answers at once: wait out the time here rather than spin.
            var left = wait - (now() - before);
            if (left > TimeSpan.Zero)
                cancellationToken.WaitHandle.WaitOne(left);
        }
        frameTime = default;
        return false;
    }

    public void Dispose()
    {
    }
}
