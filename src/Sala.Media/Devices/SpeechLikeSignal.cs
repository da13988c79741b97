// CA5394: the seeded generator makes reproducible test audio; nothing here needs unpredictable numbers.
#pragma warning disable CA5394

namespace Sala.Media.Devices;

/// <summary>
/// Generates a deterministic stand-in for speech, so tests and the demo need no recorded voice in the repository:
/// syllables of 150 to 300 ms voiced by a gliding 120 to 220 Hz fundamental whose harmonics are shaped by vowel-like
/// formants, some opened by a short noise burst like a consonant, separated by short pauses and now and then a longer one.
/// </summary>
public static class SpeechLikeSignal
{
    // F1, F2, F3 of five vowels (Peterson and Barney's averages for adult speakers), in Hz.
    private static readonly double[][] Vowels =
    [
        [730, 1090, 2440],
        [270, 2290, 3010],
        [300, 870, 2240],
        [530, 1840, 2480],
        [570, 840, 2410],
    ];

    private const double FormantBandwidth = 110;
    private const double PeakFraction = 0.5;

    /// <summary>Generates <paramref name="duration"/> of mono audio at <paramref name="sampleRate"/>; the same seed gives the same samples.</summary>
    public static short[] Generate(TimeSpan duration, int sampleRate = AudioFormat.SampleRate, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8_000);
        ArgumentOutOfRangeException.ThrowIfNegative(duration.Ticks);

        var length = checked((int)Math.Round(duration.TotalSeconds * sampleRate));
        var signal = new double[length];
        var random = new Random(seed);
        // Noise draws one number a sample, so it gets its own generator: the utterance (timing, pitch, vowels) then
        // stays the same whatever the sample rate, and a 22.05 kHz file can be compared with the 48 kHz original.
        var noise = new Random(~seed);
        var position = (int)(sampleRate * (0.05 + (0.1 * random.NextDouble())));
        var syllablesUntilLongPause = random.Next(3, 7);
        while (position < length)
        {
            var syllable = (int)(sampleRate * (0.15 + (0.15 * random.NextDouble())));
            var f0Start = 120 + (100 * random.NextDouble());
            var f0End = Math.Clamp(f0Start * (0.8 + (0.4 * random.NextDouble())), 100, 240);
            var vowel = Vowels[random.Next(Vowels.Length)];
            var consonant = random.NextDouble() < 0.5 ? (int)(sampleRate * (0.02 + (0.03 * random.NextDouble()))) : 0;
            AddSyllable(signal, position, syllable, sampleRate, f0Start, f0End, vowel, consonant, noise);
            position += syllable;

            var pause = --syllablesUntilLongPause == 0 ? 0.25 + (0.2 * random.NextDouble()) : 0.03 + (0.09 * random.NextDouble());
            if (syllablesUntilLongPause == 0)
            {
                syllablesUntilLongPause = random.Next(3, 7);
            }

            position += (int)(sampleRate * pause);
        }

        return Normalise(signal);
    }

    private static void AddSyllable(
        double[] signal, int start, int length, int sampleRate, double f0Start, double f0End, double[] formants,
        int consonant, Random noise)
    {
        var end = Math.Min(start + length, signal.Length);
        var nyquistGuard = 0.45 * sampleRate;
        var harmonics = new double[(int)(nyquistGuard / 100)];
        var phase = 0.0;
        var previousNoise = 0.0;
        for (var n = start; n < end; n++)
        {
            var t = (double)(n - start) / length;
            var f0 = f0Start + ((f0End - f0Start) * t);

            // Harmonic weights follow the glide; recomputing them each millisecond is smooth enough and cheap.
            if ((n - start) % (sampleRate / 1000) == 0)
            {
                for (var h = 0; h < harmonics.Length; h++)
                {
                    var f = (h + 1) * f0;
                    harmonics[h] = f < nyquistGuard ? FormantGain(f, formants) / (h + 1) : 0;
                }
            }

            phase += 2 * Math.PI * f0 / sampleRate;
            // sin((h + 1)p) = 2 cos(p) sin(hp) - sin((h - 1)p): one sine and cosine a sample instead of one per harmonic.
            var twoCos = 2 * Math.Cos(phase);
            double previous = 0, current = Math.Sin(phase), voiced = 0;
            for (var h = 0; h < harmonics.Length && harmonics[h] > 0; h++)
            {
                voiced += harmonics[h] * current;
                (previous, current) = (current, (twoCos * current) - previous);
            }

            // A raised-sine envelope gives each syllable a soft attack and decay.
            var envelope = Math.Sin(Math.PI * t);
            signal[n] += voiced * envelope * (consonant > 0 ? Math.Min(1, (double)(n - start) / consonant) : 1);

            if (n - start < consonant)
            {
                // A first difference of white noise tilts it upward, like a fricative.
                var white = (2 * noise.NextDouble()) - 1;
                signal[n] += 0.3 * (white - previousNoise) * Math.Sin(Math.PI * (n - start) / consonant);
                previousNoise = white;
            }
        }
    }

    private static double FormantGain(double f, double[] formants)
    {
        var gain = 0.05;
        foreach (var formant in formants)
        {
            var x = (f - formant) / FormantBandwidth;
            gain += 1 / (1 + (x * x));
        }

        return gain;
    }

    private static short[] Normalise(double[] signal)
    {
        var peak = 0.0;
        foreach (var s in signal)
        {
            peak = Math.Max(peak, Math.Abs(s));
        }

        var scale = peak > 0 ? PeakFraction * short.MaxValue / peak : 0;
        var result = new short[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            result[i] = (short)Math.Round(signal[i] * scale);
        }

        return result;
    }
}
