using Sala.Media.Analysis;

namespace Sala.Media.Tests.Processing;

/// <summary>
/// An acoustic echo path without a sound card: what the speaker plays reaches the microphone after a delay, through a
/// room impulse response of exponentially decaying noise (the usual synthetic reverberation), at a chosen loss.
/// Deterministic for a seed.
/// </summary>
internal static class SimulatedRoom
{
    /// <summary>
    /// An impulse response of <paramref name="delayMs"/> of silence and then <paramref name="tailMs"/> of noise decaying by
    /// 60 dB (a reverberation time of that length), scaled so its energy is <paramref name="gainDb"/> (−10: the echo of
    /// white noise comes back 10 dB down).
    /// </summary>
    public static double[] ImpulseResponse(int delayMs, int tailMs, double gainDb, int seed)
    {
        var random = new Random(seed);
        var delay = AudioFormat.SampleRate / 1000 * delayMs;
        var tail = AudioFormat.SampleRate / 1000 * tailMs;
        var response = new double[delay + tail];
        var energy = 0.0;
        for (var n = 0; n < tail; n++)
        {
            // 60 dB of amplitude over the tail: exp(-ln(1000) n / tail).
            var value = ((2 * random.NextDouble()) - 1) * Math.Exp(-6.9078 * n / tail);
            response[delay + n] = value;
            energy += value * value;
        }

        var scale = Math.Sqrt(Math.Pow(10, gainDb / 10) / energy);
        for (var n = delay; n < response.Length; n++)
            response[n] *= scale;
        return response;
    }

    /// <summary>The signal through the response, as long as the signal (an FFT convolution, exact to rounding).</summary>
    public static double[] Convolve(short[] signal, double[] response)
    {
        var size = Fft.NextPowerOfTwo(signal.Length + response.Length);
        var re = new double[size];
        var im = new double[size];
        var hRe = new double[size];
        var hIm = new double[size];
        for (var n = 0; n < signal.Length; n++)
            re[n] = signal[n];
        response.CopyTo(hRe, 0);
        Fft.Transform(re, im, inverse: false);
        Fft.Transform(hRe, hIm, inverse: false);
        for (var k = 0; k < size; k++)
            (re[k], im[k]) = ((re[k] * hRe[k]) - (im[k] * hIm[k]), (re[k] * hIm[k]) + (im[k] * hRe[k]));
        Fft.Transform(re, im, inverse: true);
        var result = new double[signal.Length];
        for (var n = 0; n < result.Length; n++)
            result[n] = re[n] / size;
        return result;
    }

    /// <summary>Sums the parts sample by sample into 16-bit audio, clipping as a converter would.</summary>
    public static short[] Mix(int length, params double[][] parts)
    {
        var result = new short[length];
        for (var n = 0; n < length; n++)
        {
            var sum = 0.0;
            foreach (var part in parts)
                sum += n < part.Length ? part[n] : 0;
            result[n] = (short)Math.Clamp(Math.Round(sum), short.MinValue, short.MaxValue);
        }

        return result;
    }

    public static double[] ToDouble(short[] samples, double gain = 1) => [.. samples.Select(s => s * gain)];

    /// <summary>The mean power of <paramref name="samples"/>[from..to].</summary>
    public static double Power(ReadOnlySpan<short> samples) => Power(samples, 0, samples.Length);

    public static double Power(ReadOnlySpan<short> samples, int from, int to)
    {
        var sum = 0.0;
        for (var n = from; n < to; n++)
            sum += (double)samples[n] * samples[n];
        return to > from ? sum / (to - from) : 0;
    }

    public static double Decibels(double ratio) => 10 * Math.Log10(ratio);
}
