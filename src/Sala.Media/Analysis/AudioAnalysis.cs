namespace Sala.Media.Analysis;

/// <summary>
/// Measures recordings against what was sent, for end-to-end tests and benchmarks. Signals are 16-bit mono; unless
/// stated otherwise at <see cref="AudioFormat.SampleRate"/>.
/// </summary>
public static class AudioAnalysis
{
    // Log band energies more than 50 dB under the reference's loudest are treated as silence, so background hiss
    // and coding noise in pauses do not count as a difference.
    private const double DynamicRangeBels = 5;

    /// <summary>
    /// Finds where <paramref name="reference"/> starts in <paramref name="recording"/>, by normalised cross-correlation
    /// over lags from -<paramref name="maxLag"/> to <paramref name="maxLag"/> samples: recording[n + lag] best matches
    /// reference[n]. Seconds of audio with seconds of lag take tens of milliseconds.
    /// </summary>
    public static int FindOffset(ReadOnlySpan<short> reference, ReadOnlySpan<short> recording, int maxLag)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        if (reference.IsEmpty || recording.IsEmpty)
        {
            return 0;
        }

        return OffsetSearch.Find(reference, recording, maxLag);
    }

    /// <summary>
    /// Scores, from 0 to 1, how much <paramref name="recording"/> sounds like <paramref name="reference"/>, after finding
    /// the reference in it within <paramref name="maxLag"/> samples either way (2 s unless given), then following the
    /// alignment half a second at a time, so that frames a jitter buffer added or dropped in pauses do not count as
    /// different words.
    /// </summary>
    public static double Similarity(ReadOnlySpan<short> reference, ReadOnlySpan<short> recording, int maxLag = 2 * AudioFormat.SampleRate)
    {
        var frames = reference.Length / AudioFormat.SamplesPerFrame;
        if (frames == 0)
        {
            return 0;
        }

        var offsets = PiecewiseAlignment.Offsets(reference, recording, FindOffset(reference, recording, maxLag));
        var b = new double[frames, SpectralEnvelope.Bands];
        for (var segment = 0; segment < offsets.Length; segment++)
        {
            var first = segment * PiecewiseAlignment.SegmentFrames;
            var count = Math.Min(PiecewiseAlignment.SegmentFrames, frames - first);
            if (count <= 0)
            {
                break;
            }

            var part = SpectralEnvelope.Compute(recording, (first * AudioFormat.SamplesPerFrame) + offsets[segment], count);
            for (var f = 0; f < count; f++)
            {
                for (var band = 0; band < SpectralEnvelope.Bands; band++)
                {
                    b[first + f, band] = part[f, band];
                }
            }
        }

        return Score(SpectralEnvelope.Compute(reference, 0, frames), b);
    }

    /// <summary>
    /// Scores, from 0 to 1, how much <paramref name="recording"/> from <paramref name="offset"/> on sounds like
    /// <paramref name="reference"/>: the correlation of their log spectral envelopes per 20 ms frame, each band taken
    /// relative to its own mean. Robust to Opus coding and small gain changes; a recording that stops early scores
    /// the missing part as silence.
    /// </summary>
    public static double SimilarityAt(ReadOnlySpan<short> reference, ReadOnlySpan<short> recording, int offset)
    {
        var frames = reference.Length / AudioFormat.SamplesPerFrame;
        if (frames == 0)
        {
            return 0;
        }

        return Score(SpectralEnvelope.Compute(reference, 0, frames), SpectralEnvelope.Compute(recording, offset, frames));
    }

    /// <summary>The correlation of two envelopes of as many frames, after flooring and centring each band.</summary>
    private static double Score(double[,] a, double[,] b)
    {
        var frames = a.GetLength(0);
        var floor = double.NegativeInfinity;
        foreach (var value in a)
        {
            floor = Math.Max(floor, value);
        }

        floor -= DynamicRangeBels;
        Condition(a, floor);
        Condition(b, floor);

        double ab = 0, aa = 0, bb = 0;
        for (var f = 0; f < frames; f++)
        {
            for (var band = 0; band < SpectralEnvelope.Bands; band++)
            {
                ab += a[f, band] * b[f, band];
                aa += a[f, band] * a[f, band];
                bb += b[f, band] * b[f, band];
            }
        }

        return aa > 0 && bb > 0 ? Math.Clamp(ab / Math.Sqrt(aa * bb), 0, 1) : 0;
    }

    /// <summary>
    /// The share of the signal's power at <paramref name="hz"/>, from 0 to 1, by the Goertzel algorithm: about 1 for a
    /// pure tone at that frequency, near 0 when the tone is absent. Longer spans resolve frequency more finely.
    /// </summary>
    public static double ToneLevel(ReadOnlySpan<short> samples, double hz, int sampleRate = AudioFormat.SampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (samples.IsEmpty)
        {
            return 0;
        }

        var coefficient = 2 * Math.Cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        var energy = Energy(samples);
        // A sine of amplitude A over N samples has |X|^2 = (AN/2)^2 and energy A^2 N/2, hence the 2/N.
        return energy > 0 ? Math.Clamp(2 * power / (samples.Length * energy), 0, 1) : 0;
    }

    /// <summary>The root mean square as a fraction of full scale: 0 for silence, about 0.707 for a full-scale sine.</summary>
    public static double Rms(ReadOnlySpan<short> samples) =>
        samples.IsEmpty ? 0 : Math.Sqrt(Energy(samples) / samples.Length) / -(double)short.MinValue;

    private static double Energy(ReadOnlySpan<short> samples)
    {
        var sum = 0.0;
        foreach (var x in samples)
        {
            sum += (double)x * x;
        }

        return sum;
    }

    private static void Condition(double[,] envelope, double floor)
    {
        var frames = envelope.GetLength(0);
        for (var band = 0; band < SpectralEnvelope.Bands; band++)
        {
            var mean = 0.0;
            for (var f = 0; f < frames; f++)
            {
                envelope[f, band] = Math.Max(envelope[f, band], floor);
                mean += envelope[f, band];
            }

            mean /= frames;
            for (var f = 0; f < frames; f++)
            {
                envelope[f, band] -= mean;
            }
        }
    }
}
