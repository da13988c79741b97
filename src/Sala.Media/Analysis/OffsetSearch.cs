namespace Sala.Media.Analysis;

/// <summary>
/// Finds the lag that best lines a recording up with its reference, by normalised cross-correlation: first over
/// 4x decimated signals through an FFT, then at full rate over the few lags around that coarse peak. Seconds of
/// audio with seconds of lag then take tens of milliseconds instead of full-rate FFTs of a million points.
/// </summary>
internal static class OffsetSearch
{
    private const int Decimation = 4;

    // Full-rate lags tried either side of the coarse peak; the boxcar decimation blurs the peak by about its factor.
    private const int RefineRadius = 2 * Decimation;

    public static int Find(ReadOnlySpan<short> reference, ReadOnlySpan<short> recording, int maxLag)
    {
        // Only recording samples some allowed lag can reach matter.
        recording = recording[..Math.Min(recording.Length, reference.Length + maxLag)];

        var coarseReference = Decimate(reference);
        var coarseRecording = Decimate(recording);
        var coarseLag = BestCoarseLag(coarseReference, coarseRecording, (maxLag + Decimation - 1) / Decimation);

        var floor = (1e-3 * Energy(reference)) + 1;
        var bestLag = 0;
        var bestScore = double.NegativeInfinity;
        var from = Math.Max(-maxLag, (coarseLag * Decimation) - RefineRadius);
        var to = Math.Min(maxLag, (coarseLag * Decimation) + RefineRadius);
        for (var lag = from; lag <= to; lag++)
        {
            var score = Score(reference, recording, lag, floor);
            if (score > bestScore)
            {
                bestScore = score;
                bestLag = lag;
            }
        }

        return bestLag;
    }

    private static double Score(ReadOnlySpan<short> reference, ReadOnlySpan<short> recording, int lag, double floor)
    {
        double correlation = 0, energy = 0;
        var start = Math.Max(0, -lag);
        var end = Math.Min(reference.Length, recording.Length - lag);
        for (var n = start; n < end; n++)
        {
            double x = recording[n + lag];
            correlation += reference[n] * x;
            energy += x * x;
        }

        return end > start ? correlation / Math.Sqrt(energy + floor) : double.NegativeInfinity;
    }

    private static int BestCoarseLag(double[] reference, double[] recording, int maxLag)
    {
        if (reference.Length == 0 || recording.Length == 0)
        {
            return 0;
        }

        var size = Fft.NextPowerOfTwo(reference.Length + recording.Length);
        var refRe = new double[size];
        var refIm = new double[size];
        var recRe = new double[size];
        var recIm = new double[size];
        reference.CopyTo(refRe, 0);
        recording.CopyTo(recRe, 0);
        Fft.Transform(refRe, refIm, inverse: false);
        Fft.Transform(recRe, recIm, inverse: false);
        for (var k = 0; k < size; k++)
        {
            // conj(REF) * REC correlates: its inverse at lag L is the sum over n of reference[n] * recording[n + L].
            var re = (refRe[k] * recRe[k]) + (refIm[k] * recIm[k]);
            var im = (refRe[k] * recIm[k]) - (refIm[k] * recRe[k]);
            recRe[k] = re;
            recIm[k] = im;
        }

        Fft.Transform(recRe, recIm, inverse: true);

        // Dividing by the energy of the recording under the reference keeps a loud stretch elsewhere from winning.
        var prefix = new double[recording.Length + 1];
        for (var i = 0; i < recording.Length; i++)
        {
            prefix[i + 1] = prefix[i] + (recording[i] * recording[i]);
        }

        var floor = (1e-3 * Energy(reference)) + 1;
        var bestLag = 0;
        var bestScore = double.NegativeInfinity;
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            var from = Math.Clamp(lag, 0, recording.Length);
            var to = Math.Clamp(lag + reference.Length, 0, recording.Length);
            if (to <= from)
            {
                continue;
            }

            // The unscaled inverse FFT makes every correlation size times too big, which leaves the best lag unchanged.
            var correlation = recRe[lag >= 0 ? lag : size + lag];
            var score = correlation / Math.Sqrt(prefix[to] - prefix[from] + floor);
            if (score > bestScore)
            {
                bestScore = score;
                bestLag = lag;
            }
        }

        return bestLag;
    }

    private static double[] Decimate(ReadOnlySpan<short> samples)
    {
        // A boxcar average is a crude low-pass, but both signals get the same one, which is all alignment needs.
        var result = new double[samples.Length / Decimation];
        for (var i = 0; i < result.Length; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < Decimation; j++)
            {
                sum += samples[(i * Decimation) + j];
            }

            result[i] = sum / Decimation;
        }

        return result;
    }

    private static double Energy(ReadOnlySpan<short> samples)
    {
        var sum = 0.0;
        foreach (var x in samples)
        {
            sum += (double)x * x;
        }

        return sum;
    }

    private static double Energy(double[] samples)
    {
        var sum = 0.0;
        foreach (var x in samples)
        {
            sum += x * x;
        }

        return sum;
    }
}
