using System.Numerics;

namespace Sala.Media.Analysis;

/// <summary>
/// Checks that a recorded tone plays on without a break. Each 5 ms window is correlated with the tone: a window far
/// quieter than the rest is a gap; a window whose phase differs from the one before by more than a clock's drift or a
/// one-sample stretch could turn it is a skip, audio dropped or inserted (a 20 ms skip of a 400 Hz tone turns its
/// phase by 0.8 of a cycle). The tone must fit whole cycles in a window (a multiple of 200 Hz), so that a window's
/// phase does not depend on where it starts.
/// </summary>
public static class ToneContinuity
{
    public const int WindowSamples = AudioFormat.SampleRate / 200;

    /// <summary>A 0.1 % stretch turns a 1 kHz tone by 0.03 rad a window, and 1 000 ppm of drift by less.</summary>
    private const double SkipRadians = 0.5;

    private const double GapFraction = 0.3;

    /// <summary>
    /// Finds the breaks in <paramref name="recording"/> from the first sound on, after <paramref name="settle"/>, to the
    /// last sound.
    /// </summary>
    public static ToneBreaks Find(ReadOnlySpan<short> recording, double hz, TimeSpan settle)
    {
        if (hz <= 0 || Math.Abs((hz / 200) - Math.Round(hz / 200)) > 1e-9)
            throw new ArgumentOutOfRangeException(nameof(hz), "The tone must be a multiple of 200 Hz.");
        var start = FirstSound(recording) + (int)(settle.TotalSeconds * AudioFormat.SampleRate);
        var count = Math.Max(0, (recording.Length - start) / WindowSamples);
        var windows = new Complex[count];
        for (var w = 0; w < count; w++)
            windows[w] = Correlate(recording.Slice(start + (w * WindowSamples), WindowSamples), hz);
        if (count == 0)
            return new ToneBreaks(0, 0, 0, TimeSpan.Zero, null);

        var median = windows.Select(w => w.Magnitude).Order().ElementAt(count / 2);
        // Silence at the very end is the call ending, not a gap.
        while (count > 0 && windows[count - 1].Magnitude < GapFraction * median)
            count--;
        int gaps = 0, skips = 0, run = 0, longest = 0;
        int? first = null;
        var starts = new List<TimeSpan>();
        var breaking = false;
        for (var w = 0; w < count; w++)
        {
            var silent = windows[w].Magnitude < GapFraction * median;
            run = silent ? run + 1 : 0;
            longest = Math.Max(longest, run);
            var skipped = !silent && w > 0 && windows[w - 1].Magnitude >= GapFraction * median
                && Math.Abs(Math.IEEERemainder(windows[w].Phase - windows[w - 1].Phase, 2 * Math.PI)) > SkipRadians;
            gaps += silent ? 1 : 0;
            skips += skipped ? 1 : 0;
            if ((silent || skipped) && first is null)
                first = w;
            if ((silent || skipped) && !breaking)
                starts.Add(TimeSpan.FromSeconds((double)(start + (w * WindowSamples)) / AudioFormat.SampleRate));
            breaking = silent || skipped;
        }
        return new ToneBreaks(count, gaps, skips, TimeSpan.FromMilliseconds(longest * 5.0),
            first is { } f ? TimeSpan.FromSeconds((double)(start + (f * WindowSamples)) / AudioFormat.SampleRate) : null)
        {
            Starts = starts,
        };
    }

    private static int FirstSound(ReadOnlySpan<short> recording)
    {
        for (var i = 0; i < recording.Length; i++)
        {
            if (Math.Abs((int)recording[i]) > 1000)
                return i;
        }
        return recording.Length;
    }

    private static Complex Correlate(ReadOnlySpan<short> window, double hz)
    {
        double re = 0, im = 0;
        var step = 2 * Math.PI * hz / AudioFormat.SampleRate;
        for (var n = 0; n < window.Length; n++)
        {
            re += window[n] * Math.Cos(step * n);
            im -= window[n] * Math.Sin(step * n);
        }
        return new Complex(re, im);
    }
}
