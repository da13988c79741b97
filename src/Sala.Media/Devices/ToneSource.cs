using System.Globalization;

namespace Sala.Media.Devices;

/// <summary>A sine tone microphone; the phase carries over from frame to frame so frame edges do not click.</summary>
public sealed class ToneSource : IAudioSource
{
    private const double TwoPi = 2 * Math.PI;

    private readonly double _step;
    private readonly double _peak;
    private double _phase;

    /// <param name="hz">The frequency, below the 24 kHz Nyquist limit.</param>
    /// <param name="amplitude">The peak as a fraction of full scale, 0 to 1.</param>
    public ToneSource(double hz, double amplitude = 0.3)
    {
        if (!(hz > 0 && hz < AudioFormat.SampleRate / 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(hz), hz, $"A tone must lie between 0 and {AudioFormat.SampleRate / 2} Hz.");
        }

        if (!(amplitude >= 0 && amplitude <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude, "The amplitude is a fraction of full scale, 0 to 1.");
        }

        Frequency = hz;
        _step = TwoPi * hz / AudioFormat.SampleRate;
        _peak = amplitude * short.MaxValue;
        Name = string.Create(CultureInfo.InvariantCulture, $"tone {hz:0.##} Hz");
    }

    public double Frequency { get; }

    public string Name { get; }

    public void Read(Span<short> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (short)Math.Round(_peak * Math.Sin(_phase));
            _phase += _step;
        }

        // Wrapping once a frame keeps the phase small, so sin stays precise however long the tone plays.
        _phase %= TwoPi;
    }

    public void Dispose()
    {
        // Nothing held.
    }
}
