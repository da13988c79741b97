using System.Buffers.Binary;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// One reception report block (RFC 3550 §6.4.1): what the reporter has received from the source
/// <see cref="Ssrc"/>. 24 bytes on the wire.
/// </summary>
public readonly record struct ReportBlock
{
    public const int Length = 24;

    /// <summary>The most and least a 24-bit signed cumulative loss can hold (RFC 3550 §6.4.1, A.3 clamps to them).</summary>
    public const int MaxCumulativeLost = 0x7F_FFFF;

    public const int MinCumulativeLost = -0x80_0000;

    /// <param name="ssrc">The source this block reports on.</param>
    /// <param name="fractionLost">Lost since the previous report, in units of 1/256.</param>
    /// <param name="cumulativeLost">Expected minus received since the start; clamped to 24 bits signed.</param>
    /// <param name="extendedHighestSequence">Sequence cycles in the high 16 bits, the highest sequence in the low.</param>
    /// <param name="jitter">Interarrival jitter in RTP timestamp units (RFC 3550 A.8).</param>
    /// <param name="lastSenderReport">Middle 32 bits of the last SR's NTP timestamp from this source, or 0.</param>
    /// <param name="delaySinceLastSenderReport">Since that SR arrived, in units of 1/65536 s, or 0.</param>
    public ReportBlock(
        uint ssrc,
        byte fractionLost,
        int cumulativeLost,
        uint extendedHighestSequence,
        uint jitter,
        uint lastSenderReport,
        uint delaySinceLastSenderReport)
    {
        Ssrc = ssrc;
        FractionLost = fractionLost;
        CumulativeLost = Math.Clamp(cumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        ExtendedHighestSequence = extendedHighestSequence;
        Jitter = jitter;
        LastSenderReport = lastSenderReport;
        DelaySinceLastSenderReport = delaySinceLastSenderReport;
    }

    public uint Ssrc { get; }

    /// <summary>Fraction of packets lost since the previous report, as a fixed-point number over 256.</summary>
    public byte FractionLost { get; }

    /// <summary>Packets lost since reception began; negative when duplicates outnumber losses (RFC 3550 §6.4.1).</summary>
    public int CumulativeLost { get; }

    public uint ExtendedHighestSequence { get; }

    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public uint Jitter { get; }

    /// <summary>LSR: the middle 32 bits of the NTP timestamp of the last SR received from the source, 0 if none.</summary>
    public uint LastSenderReport { get; }

    /// <summary>DLSR: the delay between receiving that SR and sending this block, in units of 1/65536 s.</summary>
    public uint DelaySinceLastSenderReport { get; }

    /// <summary><see cref="FractionLost"/> as a ratio from 0 to 255/256.</summary>
    public double FractionLostRatio => FractionLost / 256.0;

    /// <summary><see cref="Jitter"/> as a duration for a stream whose RTP clock runs at <paramref name="clockRate"/> Hz.</summary>
    public TimeSpan JitterTime(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        return TimeSpan.FromTicks((long)Jitter * TimeSpan.TicksPerSecond / clockRate);
    }

    /// <summary>Writes the 24-byte block; the destination must hold <see cref="Length"/> bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Length)
            throw new ArgumentException($"A report block needs {Length} bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        // Fraction lost in the top byte, the 24-bit two's complement cumulative loss under it.
        BinaryPrimitives.WriteUInt32BigEndian(
            destination[4..], ((uint)FractionLost << 24) | ((uint)CumulativeLost & 0xFF_FFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }

    /// <summary>Reads a block from the first 24 bytes; the caller has checked the length.</summary>
    internal static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        var lossWord = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        // Sign-extend the 24-bit field by shifting it to the top and back.
        var cumulativeLost = (int)(lossWord << 8) >> 8;
        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            (byte)(lossWord >> 24),
            cumulativeLost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }
}
