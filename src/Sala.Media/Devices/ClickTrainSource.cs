namespace Sala.Media.Devices;

/// <summary>
/// A short click every <see cref="IntervalMilliseconds"/>, for measuring mouth-to-ear latency. The click is a
/// 2 ms Hann-windowed 2 kHz burst rather than a single-sample impulse, because Opus smears an impulse beyond recognition.
/// </summary>
public sealed class ClickTrainSource : IAudioSource
{
    public const int ClickSamples = AudioFormat.SampleRate / 500;
    private const double ClickHz = 2_000;

    private readonly short[] _click = new short[ClickSamples];
    private readonly long _interval;
    private long _position;

    /// <param name="intervalMilliseconds">Time from one click's start to the next; at least 10 ms.</param>
    /// <param name="amplitude">The click's peak as a fraction of full scale, 0 to 1.</param>
    public ClickTrainSource(int intervalMilliseconds = 500, double amplitude = 0.8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalMilliseconds, 10);
        if (!(amplitude >= 0 && amplitude <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude, "The amplitude is a fraction of full scale, 0 to 1.");
        }

        IntervalMilliseconds = intervalMilliseconds;
        _interval = (long)intervalMilliseconds * AudioFormat.SampleRate / 1000;
        for (var i = 0; i < ClickSamples; i++)
        {
            var window = Math.Sin(Math.PI * i / (ClickSamples - 1));
            _click[i] = (short)Math.Round(amplitude * short.MaxValue * window * window * Math.Sin(2 * Math.PI * ClickHz * i / AudioFormat.SampleRate));
        }
    }

    public int IntervalMilliseconds { get; }

    public string Name => $"clicks every {IntervalMilliseconds} ms";

    /// <summary>One click alone, as a reference for finding clicks in a recording.</summary>
    public ReadOnlySpan<short> Click => _click;

    public void Read(Span<short> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            var inPeriod = (_position + i) % _interval;
            frame[i] = inPeriod < ClickSamples ? _click[inPeriod] : (short)0;
        }

        _position += frame.Length;
    }

    public void Dispose()
    {
        // Nothing held.
    }
}
