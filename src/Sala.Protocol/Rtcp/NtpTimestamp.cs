namespace Sala.Protocol.Rtcp;

/// <summary>
/// A 64-bit NTP timestamp: seconds since 1900-01-01 UTC in the high 32 bits, the fraction of a second in the low 32
/// (RFC 3550 §4). Round-trip times only need one clock on one host, so any origin works as long as the sender of an
/// SR and the receiver of the RR that echoes it use the same one.
/// </summary>
public readonly record struct NtpTimestamp(ulong Value)
{
    /// <summary>The NTP prime epoch, era 0 (RFC 5905 §6).</summary>
    public static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    public uint Seconds => (uint)(Value >> 32);

    public uint Fraction => (uint)Value;

    /// <summary>
    /// The middle 32 bits (16.16 fixed point): what an RR echoes as LSR and what RTT arithmetic uses (RFC 3550 §6.4.1).
    /// </summary>
    public uint Middle32 => (uint)(Value >> 16);

    /// <summary>A wall-clock time as an NTP timestamp; seconds wrap every 2^32 s (era 1 starts in February 2036).</summary>
    public static NtpTimestamp FromDateTimeOffset(DateTimeOffset time) => FromTimeSpan(time - Epoch);

    /// <summary>
    /// A time measured from the NTP epoch (or from any origin used consistently) as 32.32 fixed point; truncated to
    /// 2^-32 s, negative times are not representable.
    /// </summary>
    public static NtpTimestamp FromTimeSpan(TimeSpan time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, TimeSpan.Zero);
        var seconds = (ulong)(time.Ticks / TicksPerSecond);
        var fraction = ((ulong)(time.Ticks % TicksPerSecond) << 32) / TicksPerSecond;
        return new NtpTimestamp((seconds << 32) | fraction);
    }

    /// <summary>This timestamp as a time since the epoch of its era, truncated to 100 ns ticks.</summary>
    public TimeSpan ToTimeSpan() =>
        new((long)Seconds * TicksPerSecond + (long)(((ulong)Fraction * TicksPerSecond) >> 32));

    /// <summary>
    /// The wall-clock time, taking a set high bit of the seconds as era 0 (1968-2036) and a clear one as era 1
    /// (2036-2104), as RFC 4330 §3 suggests.
    /// </summary>
    public DateTimeOffset ToDateTimeOffset()
    {
        var era = (Seconds & 0x8000_0000u) != 0 ? Epoch : Epoch.AddSeconds(4_294_967_296);
        return era + ToTimeSpan();
    }

    /// <summary>A duration in the 16.16 "short format" of LSR, DLSR and RTT (units of 1/65536 s), saturating.</summary>
    public static uint ToShortFormat(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
            return 0;
        var units = (ulong)duration.Ticks * 65536 / TicksPerSecond;
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>A 16.16 short-format duration (units of 1/65536 s) as a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan FromShortFormat(uint units) => new((long)((ulong)units * TicksPerSecond >> 16));
}
