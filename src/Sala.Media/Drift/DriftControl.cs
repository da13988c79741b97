namespace Sala.Media.Drift;

/// <summary>
/// Steers a queue's level back to its target by stretching or squeezing each frame by <c>step</c> samples, or twice
/// that while the level is more than 1.5 bands away (a sample a frame is 0.1 % of pitch, under 2 cents; 1 000 ppm of
/// drift needs about one a frame; on 10 ms frames a sample is 0.2 %, still under 4 cents). The level is smoothed over
/// about a second, whatever the frame's length (queues move by whole device blocks or packets, the drift is under them); a correction starts when the smoothed level strays more than a band from the target and goes on
/// until it is back, so the level does not hover at the band's edge correcting every other frame. Beyond
/// <c>limit</c> from the target it does nothing: a jump that large is no drift, and is left to whoever caused it.
/// </summary>
public sealed class DriftControl(double band, int step = 1, double limit = double.PositiveInfinity, int frameSamples = AudioFormat.SamplesPerFrame)
{
    /// <summary>Over about a second: 50 frames of 20 ms, 100 of 10 ms.</summary>
    private readonly double _smoothing = 1.0 / 50 * frameSamples / AudioFormat.SamplesPerFrame;

    private bool _started;
    private double _smoothed;
    private int _correction;

    /// <summary>Frames corrected so far.</summary>
    public long Corrections { get; private set; }

    /// <summary>The level as smoothed so far.</summary>
    public double Smoothed => _smoothed;

    /// <summary>
    /// Takes this frame's level (smoothed in), and returns nothing to do (0) or a correction in samples: positive
    /// when the level is below the target, negative above.
    /// </summary>
    public int Next(double level, double target)
    {
        Observe(level);
        var error = _smoothed - target;
        if (Math.Abs(error) > limit)
            _correction = 0;
        else if (_correction == 0 && Math.Abs(error) > band)
            _correction = error > 0 ? -1 : 1;
        else if (_correction != 0 && error * _correction >= 0)
            _correction = 0;
        if (_correction == 0)
            return 0;
        Corrections++;
        return (Math.Abs(error) > 1.5 * band ? 2 : 1) * step * _correction;
    }

    /// <summary>Smooths in a level without correcting (while the queue settles).</summary>
    public void Observe(double level)
    {
        _smoothed = _started ? _smoothed + ((level - _smoothed) * _smoothing) : level;
        _started = true;
    }

    /// <summary>Forgets the level (the queue started over).</summary>
    public void Reset()
    {
        _started = false;
        _correction = 0;
    }
}
