using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// An RTCP sender report (RFC 3550 §6.4.1, PT 200): sent by a participant that has sent RTP since its last report,
/// with its sender information and up to 31 reception report blocks about the sources it hears.
/// </summary>
public sealed class SenderReport
{
    /// <summary>The 5-bit reception report count caps the blocks in one packet (RFC 3550 §6.4.1).</summary>
    public const int MaxReportBlocks = 31;

    private const int FixedLength = RtcpHeader.Length + 4 + SenderInfo.Length;

    public SenderReport(uint ssrc, SenderInfo senderInfo, params ReadOnlySpan<ReportBlock> reportBlocks)
        : this(ssrc, senderInfo, ImmutableArray.Create(reportBlocks))
    {
    }

    private SenderReport(uint ssrc, SenderInfo senderInfo, ImmutableArray<ReportBlock> reportBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reportBlocks.Length, MaxReportBlocks, nameof(reportBlocks));
        Ssrc = ssrc;
        SenderInfo = senderInfo;
        ReportBlocks = reportBlocks;
    }

    /// <summary>The sender's SSRC.</summary>
    public uint Ssrc { get; }

    public SenderInfo SenderInfo { get; }

    public ImmutableArray<ReportBlock> ReportBlocks { get; }

    /// <summary>Bytes this packet takes on the wire: header, SSRC, sender info and 24 bytes a block.</summary>
    public int Length => FixedLength + ReportBlock.Length * ReportBlocks.Length;

    /// <summary>Writes this packet alone (no padding) and returns its <see cref="Length"/>.</summary>
    public int WriteTo(Span<byte> destination)
    {
        var length = Length;
        if (destination.Length < length)
            throw new ArgumentException($"This sender report needs {length} bytes.", nameof(destination));
        RtcpHeader.Write(destination, ReportBlocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        SenderInfo.WriteTo(destination[8..]);
        for (var i = 0; i < ReportBlocks.Length; i++)
            ReportBlocks[i].WriteTo(destination[(FixedLength + ReportBlock.Length * i)..]);
        return length;
    }

    /// <summary>
    /// Reads an SR whose header has been checked; false when <paramref name="content"/> (the packet without its
    /// padding) is too short for its count. Bytes after the blocks are a profile-specific extension and are skipped.
    /// </summary>
    internal static bool TryRead(ReadOnlySpan<byte> content, out SenderReport? report)
    {
        report = null;
        var count = content[0] & 0x1F;
        if (content.Length < FixedLength + ReportBlock.Length * count)
            return false;
        report = new SenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(content[4..]),
            SenderInfo.Read(content[8..]),
            ReceiverReport.ReadBlocks(content[FixedLength..], count));
        return true;
    }
}
