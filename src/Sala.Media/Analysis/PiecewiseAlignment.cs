namespace Sala.Media.Analysis;

/// <summary>
/// Where each half second of a reference lies in a recording. An adaptive jitter buffer adds or drops a frame in
/// pauses, so one offset for the whole recording drifts by tens of milliseconds after every adjustment; following the
/// offset segment by segment, within a small window of the last one, keeps words aligned with words.
/// </summary>
internal static class PiecewiseAlignment
{
    public const int SegmentFrames = 25;
    private const int SegmentSamples = SegmentFrames * AudioFormat.SamplesPerFrame;

    /// <summary>
    /// How far one segment may move against the previous one: frames of delay adaptation, or a re-buffer after a
    /// stall, which resumes with what was held up and so shifts everything after it by the stall.
    /// </summary>
    private const int DriftSamples = 20 * AudioFormat.SamplesPerFrame;

    /// <summary>A segment quieter than this (as RMS of full scale) has nothing to align on and keeps the last offset.</summary>
    private const double SilentRms = 0.003;

    /// <summary>The offset of each segment: recording[segmentStart + n + offset] matches reference[segmentStart + n].</summary>
    public static int[] Offsets(ReadOnlySpan<short> reference, ReadOnlySpan<short> recording, int globalOffset)
    {
        var segments = (reference.Length + SegmentSamples - 1) / SegmentSamples;
        var offsets = new int[segments];
        var offset = globalOffset;
        for (var s = 0; s < segments; s++)
        {
            var start = s * SegmentSamples;
            var segment = reference.Slice(start, Math.Min(SegmentSamples, reference.Length - start));
            if (AudioAnalysis.Rms(segment) >= SilentRms)
                offset = Refine(segment, recording, start + offset) - start;
            offsets[s] = offset;
        }
        return offsets;
    }

    /// <summary>The best start of <paramref name="segment"/> in the recording within the drift window around <paramref name="expected"/>.</summary>
    private static int Refine(ReadOnlySpan<short> segment, ReadOnlySpan<short> recording, int expected)
    {
        var windowStart = Math.Max(0, expected - DriftSamples);
        var windowEnd = Math.Min(recording.Length, expected + segment.Length + DriftSamples);
        if (windowEnd - windowStart < segment.Length)
            return expected;
        var lag = OffsetSearch.Find(segment, recording[windowStart..windowEnd], expected - windowStart + DriftSamples);
        var found = windowStart + lag;
        return Math.Abs(found - expected) <= DriftSamples ? found : expected;
    }
}
