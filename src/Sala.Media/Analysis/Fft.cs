namespace Sala.Media.Analysis;

/// <summary>An in-place iterative radix-2 complex FFT; enough for analysis, with no dependency for it.</summary>
internal static class Fft
{
    public static int NextPowerOfTwo(int n)
    {
        var size = 1;
        while (size < n)
        {
            size <<= 1;
        }

        return size;
    }

    /// <summary>Transforms (re, im) in place; the inverse leaves out the 1/N scaling, which callers here do not need.</summary>
    public static void Transform(Span<double> re, Span<double> im, bool inverse)
    {
        var n = re.Length;
        if (n != im.Length || (n & (n - 1)) != 0)
        {
            throw new ArgumentException("The FFT needs two spans of the same power-of-two length.");
        }

        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        var sign = inverse ? 1.0 : -1.0;
        for (var length = 2; length <= n; length <<= 1)
        {
            var half = length >> 1;
            var angle = sign * 2 * Math.PI / length;
            var stepRe = Math.Cos(angle);
            var stepIm = Math.Sin(angle);
            for (var start = 0; start < n; start += length)
            {
                double wRe = 1, wIm = 0;
                for (var k = 0; k < half; k++)
                {
                    var a = start + k;
                    var b = a + half;
                    var tRe = (re[b] * wRe) - (im[b] * wIm);
                    var tIm = (re[b] * wIm) + (im[b] * wRe);
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    var nextRe = (wRe * stepRe) - (wIm * stepIm);
                    wIm = (wRe * stepIm) + (wIm * stepRe);
                    wRe = nextRe;
                }
            }
        }
    }
}
