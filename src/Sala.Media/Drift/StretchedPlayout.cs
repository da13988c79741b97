using Sala.Media.Jitter;

namespace Sala.Media.Drift;

/// <summary>
/// A playout that follows the peer's clock gently. The peer's sound card runs a little faster or slower than the clock
/// pulling frames here (20 to 100 ppm each, so up to 0.2 ms a second between two): its packets pile up in the jitter
/// buffer or drain from it. <see cref="AudioPlayout"/> evens that out in whole frames, and only where it cannot be
/// heard (a pause); speech without pauses, music or a tone would wait for seconds and then lose a cross-faded frame.
/// Here each frame is instead made of a few samples more or fewer of the playout's audio, stretched to 20 ms, while the
/// delay of the next packet to play strays out of a band of 4 to 31 ms over the jitter buffer's target (the playout
/// keeps it anywhere in the first frame over the target as the phase between the peer's packets and this clock's
/// frames turns, and drops loud frames from two frames over). Inside that band nothing changes, so without drift this
/// plays exactly what the playout gives. The band is for the playout's 20 ms step; where it steps by 10 ms (10 ms
/// frames pulling 10 ms packets) the delay is read at twice its size, so the band is 2 to 15.5 ms.
/// </summary>
/// <remarks>
/// A correction acts on the buffer in whole frames: squeezing pulls a frame early and plays it out of what waits here;
/// stretching keeps back the audio it saves until a frame's worth lets one pull be skipped. Until then the delay
/// drifts on, so corrections are 4 samples a frame (0.4 % of pitch, 7 cents: below what an ear hears in speech), and
/// a frame's worth is made up in under 5 s. The audio waiting here (up to a frame) adds to the delay heard.
/// </remarks>
public sealed class StretchedPlayout
{
    /// <summary>
    /// Corrections start 4 ms over the target, or 31 ms over it: a frame and a half, short of the two at which the
    /// playout itself starts to drop loud frames. A stretch takes effect only once it has saved a frame (5 s at 4 samples
    /// a frame) while the delay drifts on, so it starts early enough that a packet a little late still finds the buffer
    /// with one. A narrower band corrects for nothing where frames are pulled in bursts (a sound server delivering 40 ms
    /// at a time), and every correction shifts a tone's pitch a little.
    /// </summary>
    private const double CentreMilliseconds = 17.5;

    private const double BandMilliseconds = 13.5;

    /// <summary>Samples a correction takes or adds to a 20 ms frame; to a 10 ms frame, half as many, the same pitch.</summary>
    private const int Step = 4;

    /// <summary>
    /// A delay more than a frame outside the band is no drift (a playout starting late, a burst, a jump of the target
    /// with the jitter): the playout evens that out in whole frames where it cannot be heard.
    /// </summary>
    private const double LimitMilliseconds = BandMilliseconds + 20;

    private readonly AudioPlayout _playout;
    private readonly DriftControl _control;
    private readonly short[] _pending;
    private readonly short[] _frame;
    private int _pendingCount;

    /// <summary>Follows <paramref name="playout"/>'s peer, pulling frames of <paramref name="frameSamples"/> from it.</summary>
    public StretchedPlayout(AudioPlayout playout, int frameSamples = AudioFormat.SamplesPerFrame)
    {
        ArgumentNullException.ThrowIfNull(playout);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSamples, AudioFormat.SamplesPerFrame / 4);
        _playout = playout;
        var step = Math.Max(1, Step * frameSamples / AudioFormat.SamplesPerFrame);
        // Smoothed over 50 frames whatever their length: over a second of 10 ms frames the level, read at twice its
        // size, lagged the 10 ms steps a skipped pull makes, and -600 ppm took 4 261 corrections for 1 728 needed.
        _control = new DriftControl(BandMilliseconds, step, LimitMilliseconds);
        _pending = new short[(2 * frameSamples) + (2 * step)];
        _frame = new short[frameSamples];
    }

    /// <summary>Frames made of more or fewer samples than they play.</summary>
    public long Corrections => _control.Corrections;

    /// <summary>Fills <paramref name="frame"/> with the next frame, due at <paramref name="now"/>; see <see cref="AudioPlayout.Play"/>.</summary>
    public void Play(Span<short> frame, TimeSpan now)
    {
        var take = _frame.Length;
        if (!_playout.IsPlaying)
        {
            _control.Reset();
        }
        else
        {
            // The playout keeps the delay within its step (the longer of a frame and a packet) over the target.
            var step = _playout.DelayStep;
            var scale = step >= AudioFormat.FrameDuration ? 1.0 : AudioFormat.FrameDuration / step;
            take -= _control.Next(_playout.DelayOverTarget(now).TotalMilliseconds * scale, CentreMilliseconds);
        }

        while (_pendingCount < take)
        {
            _playout.Play(_frame, now);
            _frame.CopyTo(_pending.AsSpan(_pendingCount));
            _pendingCount += _frame.Length;
        }
        if (take == frame.Length)
            _pending.AsSpan(0, take).CopyTo(frame);
        else
            TimeStretch.Resample(_pending.AsSpan(0, take), frame);
        _pending.AsSpan(take, _pendingCount - take).CopyTo(_pending);
        _pendingCount -= take;
    }
}
