namespace Sala.Media.Tests.Processing;

/// <summary>Steady noises a microphone picks up, deterministic for a seed, at unit power (so a gain sets the level).</summary>
internal static class StationaryNoise
{
    public static double[] White(int length, int seed)
    {
        var random = new Random(seed);
        var noise = new double[length];
        for (var n = 0; n < length; n++)
            noise[n] = (2 * random.NextDouble()) - 1;
        return Normalised(noise);
    }

    /// <summary>Pink (−3 dB an octave) by Paul Kellett's economy filter on white noise, as most test tools make it.</summary>
    public static double[] Pink(int length, int seed)
    {
        var random = new Random(seed);
        var noise = new double[length];
        double b0 = 0, b1 = 0, b2 = 0;
        for (var n = 0; n < length; n++)
        {
            var white = (2 * random.NextDouble()) - 1;
            b0 = (0.99765 * b0) + (white * 0.0990460);
            b1 = (0.96300 * b1) + (white * 0.2965164);
            b2 = (0.57000 * b2) + (white * 1.0526913);
            noise[n] = b0 + b1 + b2 + (white * 0.1848);
        }

        return Normalised(noise);
    }

    /// <summary>
    /// A fan: the motor's hum (100 Hz and its harmonics, falling off) over the blades' rumble (white noise through a
    /// one-pole low-pass at about 500 Hz), each half the power.
    /// </summary>
    public static double[] Fan(int length, int seed)
    {
        var random = new Random(seed);
        var hum = new double[length];
        var rumble = new double[length];
        var low = 0.0;
        var alpha = 1 - Math.Exp(-2 * Math.PI * 500 / AudioFormat.SampleRate);
        for (var n = 0; n < length; n++)
        {
            var t = (double)n / AudioFormat.SampleRate;
            for (var h = 1; h <= 8; h++)
                hum[n] += Math.Sin((2 * Math.PI * 100 * h * t) + h) / h;
            low += alpha * (((2 * random.NextDouble()) - 1) - low);
            rumble[n] = low;
        }

        Normalised(hum);
        Normalised(rumble);
        var fan = new double[length];
        for (var n = 0; n < length; n++)
            fan[n] = hum[n] + rumble[n];
        return Normalised(fan);
    }

    private static double[] Normalised(double[] noise)
    {
        var power = noise.Sum(x => x * x) / noise.Length;
        var scale = 1 / Math.Sqrt(power);
        for (var n = 0; n < noise.Length; n++)
            noise[n] *= scale;
        return noise;
    }
}
