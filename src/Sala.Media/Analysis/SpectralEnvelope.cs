namespace Sala.Media.Analysis;

/// <summary>
/// Log band energies per 20 ms frame between 100 Hz and 7 kHz: what a listener would call "the same words" survives
/// Opus coding and loss concealment in these, while waveform detail does not.
/// </summary>
internal static class SpectralEnvelope
{
    public const int Bands = 18;
    private const int FftSize = 1024;
    private const double LowHz = 100;
    private const double HighHz = 7_000;

    /// <summary>
    /// Computes log10 band energies of <paramref name="samples"/>[offset..] over <paramref name="frames"/> frames;
    /// samples outside the span count as silence.
    /// </summary>
    public static double[,] Compute(ReadOnlySpan<short> samples, int offset, int frames)
    {
        var edges = BandEdges();
        var window = new double[AudioFormat.SamplesPerFrame];
        for (var i = 0; i < window.Length; i++)
        {
            window[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (window.Length - 1)));
        }

        var result = new double[frames, Bands];
        var re = new double[FftSize];
        var im = new double[FftSize];
        for (var f = 0; f < frames; f++)
        {
            Array.Clear(re);
            Array.Clear(im);
            var start = offset + (f * AudioFormat.SamplesPerFrame);
            for (var i = 0; i < window.Length; i++)
            {
                var n = start + i;
                re[i] = n >= 0 && n < samples.Length ? samples[n] * window[i] : 0;
            }

            Fft.Transform(re, im, inverse: false);
            for (var b = 0; b < Bands; b++)
            {
                var energy = 0.0;
                for (var k = edges[b]; k < edges[b + 1]; k++)
                {
                    energy += (re[k] * re[k]) + (im[k] * im[k]);
                }

                result[f, b] = Math.Log10(energy + 1e-3);
            }
        }

        return result;
    }

    private static int[] BandEdges()
    {
        // Log-spaced bands, roughly as the ear resolves frequency; each at least one FFT bin wide.
        var edges = new int[Bands + 1];
        var binHz = (double)AudioFormat.SampleRate / FftSize;
        for (var b = 0; b <= Bands; b++)
        {
            var hz = LowHz * Math.Pow(HighHz / LowHz, (double)b / Bands);
            edges[b] = (int)Math.Round(hz / binHz);
            if (b > 0 && edges[b] <= edges[b - 1])
            {
                edges[b] = edges[b - 1] + 1;
            }
        }

        return edges;
    }
}
