namespace Sala.Media.Jitter;

/// <summary>Frame loudness and the short fades (at the edges of a talk spurt, over a dropped frame) that keep them from clicking.</summary>
internal static class FrameLevel
{
    public static bool IsQuiet(ReadOnlySpan<short> frame, int rmsLevel)
    {
        long sum = 0;
        foreach (var sample in frame)
            sum += sample * sample;
        return sum <= (long)rmsLevel * rmsLevel * frame.Length;
    }

    /// <summary>Linear ramp from near zero to full; the last sample keeps its value.</summary>
    public static void FadeIn(Span<short> frame)
    {
        for (var i = 0; i < frame.Length; i++)
            frame[i] = (short)(frame[i] * (i + 1) / frame.Length);
    }

    /// <summary>Linear ramp from full to zero; the last sample is silent.</summary>
    public static void FadeOut(Span<short> frame)
    {
        for (var i = 0; i < frame.Length; i++)
            frame[i] = (short)(frame[i] * (frame.Length - 1 - i) / frame.Length);
    }

    /// <summary>
    /// Linear cross-fade over the whole frame from <paramref name="frame"/> to <paramref name="next"/>, written into
    /// <paramref name="frame"/>: it starts as the one and ends as the other, so what comes after plays on smoothly.
    /// </summary>
    public static void CrossFade(Span<short> frame, ReadOnlySpan<short> next)
    {
        for (var i = 0; i < frame.Length; i++)
            frame[i] = (short)(((frame[i] * (frame.Length - 1 - i)) + (next[i] * (i + 1))) / frame.Length);
    }
}
