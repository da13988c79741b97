using NAudio.Dsp;

namespace Sala.Audio;

/// <summary>
/// Converts a stream of mono samples from one rate to another as chunks arrive (WDL's resampler in feed mode, the one
/// Sala's WAV reading uses). Buffers are sized once for the largest chunk, so converting allocates nothing.
/// </summary>
internal sealed class RateConverter
{
    private readonly WdlResampler _resampler = new();
    private readonly float[] _output;
    private readonly int _maxInput;

    public RateConverter(double fromRate, double toRate, int maxInput)
    {
        _resampler.SetMode(true, 2, false);
        _resampler.SetFilterParms();
        _resampler.SetFeedMode(true);
        _resampler.SetRates(fromRate, toRate);
        _maxInput = maxInput;
        MaxOutput = (int)Math.Ceiling(maxInput * toRate / fromRate) + 16;
        _output = new float[MaxOutput];
    }

    /// <summary>The most samples one <see cref="Convert"/> call returns.</summary>
    public int MaxOutput { get; }

    /// <summary>Feeds <paramref name="input"/>; writes the samples ready so far to <paramref name="output"/> and returns how many.</summary>
    public int Convert(ReadOnlySpan<short> input, Span<short> output)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(input.Length, _maxInput);
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, MaxOutput);
        var needed = _resampler.ResamplePrepare(input.Length, 1, out var inBuffer, out var offset);
        for (var i = 0; i < needed; i++)
            inBuffer[offset + i] = input[i] / 32768f;
        var produced = _resampler.ResampleOut(_output, 0, needed, MaxOutput, 1);
        for (var i = 0; i < produced; i++)
            output[i] = (short)Math.Clamp(MathF.Round(_output[i] * 32768f), short.MinValue, short.MaxValue);
        return produced;
    }
}
