namespace Sala.Media.Drift;

/// <summary>
/// Keeps the audio queued for a speaker steady when the loop that feeds it runs on another clock (the microphone's,
/// or the system's): for each frame (10 or 20 ms), how many samples to stretch it to. One more while the queue runs low, one
/// fewer while it grows: 0.1 % of pitch (0.2 % on 10 ms frames), inaudible, which absorbs up to 1 000 ppm between the two clocks, where the
/// queue would otherwise run dry or overflow every few minutes, each time a hard skip.
/// Pure: fed the queue's level once a frame, before the frame is written.
/// </summary>
public sealed class PlaybackDrift
{
    /// <summary>
    /// A device's queue moves while it and the call start (the first frames come irregularly): the first second is
    /// ignored, and the level of the two after becomes the target. In 20 ms frames.
    /// </summary>
    public const int SettleFrames = 150;

    private const int IgnoredFrames = 50;

    private readonly DriftControl _control;
    private readonly int _frameSamples;
    private readonly int _settleFrames;
    private readonly int _ignoredFrames;

    /// <summary>
    /// Drift moves the queue a sample or so a frame; a jump of more than this is a glitch (the device ran dry and
    /// started again with a cushion, or the loop stalled), after which the queue settles at a new level.
    /// </summary>
    private readonly int _jumpSamples;

    private long _frames;
    private double? _target;

    /// <summary>Steers a speaker fed frames of <paramref name="frameSamples"/>.</summary>
    public PlaybackDrift(int frameSamples = AudioFormat.SamplesPerFrame)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSamples, AudioFormat.SamplesPerFrame / 4);
        _frameSamples = frameSamples;
        _control = new DriftControl(band: AudioFormat.SampleRate / 1000.0 * 2, frameSamples: frameSamples);
        _settleFrames = SettleFrames * AudioFormat.SamplesPerFrame / frameSamples;
        _ignoredFrames = IgnoredFrames * AudioFormat.SamplesPerFrame / frameSamples;
        _jumpSamples = Math.Max(frameSamples, AudioFormat.SamplesPerFrame) * 3 / 2;
    }

    /// <summary>Frames written a sample longer or shorter so far.</summary>
    public long Corrections => _control.Corrections;

    /// <summary>
    /// Starts settling again: the device ran dry and started over with a cushion, so its queue now sits at another level,
    /// which is no drift.
    /// </summary>
    public void Resettle()
    {
        _frames = 0;
        _target = null;
        _control.Reset();
    }

    /// <summary>
    /// The length to write the next frame at, given <paramref name="queued"/>, the speaker's queue now in samples (any
    /// constant offset: only its movement counts).
    /// </summary>
    public int NextLength(long queued)
    {
        if (_frames > _ignoredFrames && Math.Abs(queued - _control.Smoothed) > _jumpSamples)
            Resettle();
        if (++_frames < _settleFrames)
        {
            if (_frames > _ignoredFrames)
                _control.Observe(queued);
            return _frameSamples;
        }
        _target ??= _control.Smoothed;
        return _frameSamples + _control.Next(queued, _target.Value);
    }
}
