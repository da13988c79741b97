namespace Sala.Protocol.Rtcp;

/// <summary>The round-trip time a report block yields to the sender of the SR it echoes (RFC 3550 §6.4.1).</summary>
public static class RoundTrip
{
    /// <summary>
    /// A − LSR − DLSR, all in units of 1/65536 s, where A is the middle 32 bits of the NTP time the report arrived at.
    /// Null when LSR is zero (the reporter has had no SR from us yet). Arithmetic wraps modulo 2^32 as the fields do;
    /// a result that comes out negative (rounding of the three values, or a DLSR that does not fit) gives zero.
    /// </summary>
    public static TimeSpan? Compute(uint arrivalNtpMiddle32, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (lastSenderReport == 0)
            return null;
        var units = (int)unchecked(arrivalNtpMiddle32 - lastSenderReport - delaySinceLastSenderReport);
        return units <= 0 ? TimeSpan.Zero : NtpTimestamp.FromShortFormat((uint)units);
    }

    /// <summary>The round-trip time from a report block about our stream that arrived at <paramref name="arrival"/>.</summary>
    public static TimeSpan? Compute(NtpTimestamp arrival, ReportBlock block) =>
        Compute(arrival.Middle32, block.LastSenderReport, block.DelaySinceLastSenderReport);
}
