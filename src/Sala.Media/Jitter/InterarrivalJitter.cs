namespace Sala.Media.Jitter;

/// <summary>
/// The interarrival jitter of RFC 3550 §6.4.1, computed as in §A.8: the mean deviation of the difference in transit
/// time of consecutive arrivals, in RTP timestamp units (48 kHz), smoothed with gain 1/16 and kept scaled by 16.
/// </summary>
internal sealed class InterarrivalJitter
{
    // 48 000 RTP units per 10 000 000 ticks.
    private const long UnitsPerTickNumerator = 3;
    private const long UnitsPerTickDenominator = 625;

    private readonly long maxDifference;
    private uint previousTransit;
    private bool hasPrevious;
    private long scaled;

    /// <param name="maxDifference">
    /// A transit difference larger than this (in RTP units) is counted as this much. Not in §A.8: it keeps one
    /// timestamp discontinuity from inflating the estimate, and so the target delay, for seconds.
    /// </param>
    public InterarrivalJitter(long maxDifference) => this.maxDifference = maxDifference;

    public long Units => scaled >> 4;

    public TimeSpan Value => TimeSpan.FromTicks(Units * UnitsPerTickDenominator / UnitsPerTickNumerator);

    public void Add(TimeSpan arrival, uint rtpTimestamp)
    {
        // Arrival converted to the sender's RTP clock; transit is modulo 2^32, as is the timestamp, so the difference
        // of two transits is right across a timestamp wrap-around.
        var arrivalUnits = unchecked((uint)(arrival.Ticks * UnitsPerTickNumerator / UnitsPerTickDenominator));
        var transit = unchecked(arrivalUnits - rtpTimestamp);
        if (hasPrevious)
        {
            var difference = Math.Min(Math.Abs((long)unchecked((int)(transit - previousTransit))), maxDifference);
            scaled += difference - ((scaled + 8) >> 4);
        }

        previousTransit = transit;
        hasPrevious = true;
    }

    /// <summary>Forgets the last transit (a new stream) but keeps the estimate: the network has not changed.</summary>
    public void Restart() => hasPrevious = false;
}
