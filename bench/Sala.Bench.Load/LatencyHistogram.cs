namespace Sala.Bench.Load;

/// <summary>
/// Latencies in 1 µs buckets up to 100 ms (anything slower lands in the last bucket): fixed memory, no allocation
/// per sample, and exact enough for p999 at the speeds measured here.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 100_000;

    private readonly long[] _counts = new long[Buckets + 1];

    public long Count { get; private set; }

    public void Record(long stopwatchTicks)
    {
        var micros = stopwatchTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency;
        _counts[Math.Min(micros, Buckets)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
            _counts[i] += other._counts[i];
        Count += other.Count;
    }

    /// <summary>The latency in milliseconds below which <paramref name="fraction"/> of the samples fall.</summary>
    public double PercentileMs(double fraction)
    {
        if (Count == 0)
            return double.NaN;
        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
                return i / 1000.0;
        }
        return Buckets / 1000.0;
    }
}
