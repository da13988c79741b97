using System.Diagnostics;
using Sala.Media;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// Finds each click of the caller's microphone in the callee's recording and measures how long after its capture it
/// was handed to the speaker. Capture of a sample: when the call read its frame, less a frame, plus the sample's place
/// in the frame (a device with no buffer has the last sample of a frame just as the frame is read). Playback: when the
/// call wrote its frame, plus the sample's place in the frame. So the device buffers on either side are left out,
/// and the time it takes to fill a frame (20 or 10 ms) is counted, as a listener would hear it.
/// </summary>
internal static class ClickDelays
{
    private const int Window = 96;
    private static readonly double SamplesPerTick = AudioFormat.SampleRate / (double)Stopwatch.Frequency;

    /// <summary>The delay of each click found, in milliseconds, in click order; NaN for one not found.</summary>
    public static double[] Measure(
        int intervalSamples, int frameSamples, IReadOnlyList<long> readAt, IReadOnlyList<long> writtenAt, short[] recording, ReadOnlySpan<short> click)
    {
        var frameTicks = Stopwatch.Frequency * (double)frameSamples / AudioFormat.SampleRate;
        var clickEnergy = Energy(click, 0, click.Length);
        var delays = new List<double>();
        // The click's energy peaks where the window covers it exactly: at its start, in the microphone's samples.
        for (long start = intervalSamples; start / frameSamples < readAt.Count - 30; start += intervalSamples)
        {
            var frame = (int)(start / frameSamples);
            var captured = readAt[frame] - frameTicks + (start % frameSamples) / SamplesPerTick;
            delays.Add(Find(captured, frameSamples, writtenAt, recording, clickEnergy, (intervalSamples * 1000.0 / AudioFormat.SampleRate) - 60) is { } played
                ? (played - captured) * 1000.0 / Stopwatch.Frequency
                : double.NaN);
        }
        return [.. delays];
    }

    /// <summary>When the loudest click-long stretch written within a click interval after capture was played, or null.</summary>
    private static double? Find(double captured, int frameSamples, IReadOnlyList<long> writtenAt, short[] recording, double clickEnergy, double windowMilliseconds)
    {
        var first = -1;
        var last = -1;
        for (var g = 0; g < writtenAt.Count; g++)
        {
            var after = (writtenAt[g] - captured) * 1000.0 / Stopwatch.Frequency;
            if (after < -AudioFormat.FrameMilliseconds || after > windowMilliseconds)
                continue;
            if (first < 0)
                first = g;
            last = g;
        }
        if (first < 0)
            return null;
        var from = first * frameSamples;
        var to = Math.Min(recording.Length, (last + 1) * frameSamples) - Window;
        var best = -1;
        var bestEnergy = 0.0;
        for (var p = from; p < to; p++)
        {
            var e = Energy(recording, p, Window);
            if (e > bestEnergy)
            {
                bestEnergy = e;
                best = p;
            }
        }
        // Lost and concealed clicks come out smeared or not at all; those are not timed.
        if (best < 0 || bestEnergy < 0.2 * clickEnergy)
            return null;
        return writtenAt[best / frameSamples] + (best % frameSamples) / SamplesPerTick;
    }

    private static double Energy(ReadOnlySpan<short> samples, int from, int count)
    {
        var sum = 0.0;
        foreach (var s in samples.Slice(from, count))
            sum += (double)s * s;
        return sum;
    }
}
