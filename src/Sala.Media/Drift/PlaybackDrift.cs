namespace Sala.Media.Drift;

/// <summary>
/// Keeps the audio queued for a speaker steady when the loop that feeds it runs on another clock (the microphone's,
/// or the system's): for each 20 ms frame, how many samples to stretch it to. One more while the queue runs low, one
/// fewer while it grows: 0.1 % of pitch, inaudible, which absorbs up to 1 000 ppm between the two clocks, where the
/// queue would otherwise run dry or overflow every few minutes, each time a hard skip.
/// Pure: fed the queue's level once a frame, before the frame is written.
/// </summary>
public sealed class PlaybackDrift
{
    /// <summary>A device's queue moves while it starts: the level it settles at in the first 2 s becomes the target.</summary>
    public const int SettleFrames = 100;

    /// <summary>The queue moves by whole device blocks; about a second of smoothing sees the drift under them.</summary>
    private const double Smoothing = 1.0 / 50;

    /// <summary>Corrections start 2 ms off the target and go on until the queue is back at it.</summary>
    private const double Band = AudioFormat.SampleRate / 1000.0 * 2;

    private long _frames;
    private double _smoothed;
    private double? _target;
    private int _direction;

    /// <summary>Frames written a sample longer or shorter so far.</summary>
    public long Corrections { get; private set; }

    /// <summary>
    /// The length to write the next frame at, given <paramref name="queued"/>, the speaker's queue now in samples (any
    /// constant offset: only its movement counts).
    /// </summary>
    public int NextLength(long queued)
    {
        _frames++;
        _smoothed = _frames == 1 ? queued : _smoothed + ((queued - _smoothed) * Smoothing);
        if (_frames < SettleFrames)
            return AudioFormat.SamplesPerFrame;
        _target ??= _smoothed;
        var error = _smoothed - _target.Value;
        if (_direction == 0 && Math.Abs(error) > Band)
            _direction = error > 0 ? -1 : 1;
        else if (_direction != 0 && error * _direction >= 0)
            _direction = 0;
        if (_direction == 0)
            return AudioFormat.SamplesPerFrame;
        Corrections++;
        return AudioFormat.SamplesPerFrame + _direction;
    }
}
