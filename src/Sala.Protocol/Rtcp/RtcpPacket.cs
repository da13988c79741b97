using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// A compound RTCP packet (RFC 3550 §6.1) as Sala reads and writes it: an SR or an RR first, then anything else.
/// Reading keeps the report, the blocks of any further RRs from the same reporter, and whether a BYE was present;
/// SDES, APP and unknown types are checked for a sound length and skipped.
/// </summary>
public sealed class RtcpPacket
{
    private RtcpPacket(
        SenderReport? senderReport,
        ReceiverReport? receiverReport,
        ImmutableArray<ReportBlock> reportBlocks,
        bool hasGoodbye)
    {
        SenderReport = senderReport;
        ReceiverReport = receiverReport;
        ReportBlocks = reportBlocks;
        HasGoodbye = hasGoodbye;
    }

    /// <summary>The first packet when it is an SR; exactly one of this and <see cref="ReceiverReport"/> is set.</summary>
    public SenderReport? SenderReport { get; }

    /// <summary>The first packet when it is an RR.</summary>
    public ReceiverReport? ReceiverReport { get; }

    /// <summary>The reporter's SSRC.</summary>
    public uint Ssrc => SenderReport?.Ssrc ?? ReceiverReport!.Ssrc;

    /// <summary>Every report block of the first packet and of the RRs with the same SSRC that followed it.</summary>
    public ImmutableArray<ReportBlock> ReportBlocks { get; }

    /// <summary>A BYE (RFC 3550 §6.6) was part of the compound packet.</summary>
    public bool HasGoodbye { get; }

    /// <summary>The block about <paramref name="sourceSsrc"/> (for Sala: about our own stream), if the report has one.</summary>
    public bool TryGetReportBlock(uint sourceSsrc, out ReportBlock block)
    {
        foreach (var candidate in ReportBlocks)
        {
            if (candidate.Ssrc == sourceSsrc)
            {
                block = candidate;
                return true;
            }
        }
        block = default;
        return false;
    }

    /// <summary>
    /// Reads a compound RTCP packet. Total: any bytes give a packet or false, never an exception. Follows the validity
    /// checks of RFC 3550 A.2: every packet is version 2, the first is an SR or RR, only the last may be padded (with a
    /// count from 1 to what follows its header), and the packets' lengths add up exactly to the datagram's.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out RtcpPacket? packet)
    {
        packet = null;
        SenderReport? senderReport = null;
        ReceiverReport? receiverReport = null;
        ImmutableArray<ReportBlock> blocks = [];
        var hasGoodbye = false;
        var offset = 0;
        do
        {
            var rest = datagram[offset..];
            if (rest.Length < RtcpHeader.Length || rest[0] >> 6 != RtcpHeader.Version)
                return false;
            var length = RtcpHeader.PacketLength(rest);
            if (length > rest.Length)
                return false;
            var content = rest[..length];
            if ((rest[0] & 0x20) != 0)
            {
                // Padding belongs at the end of the compound packet only; its last octet counts it, itself included.
                var padding = content[^1];
                if (length != rest.Length || padding == 0 || padding > length - RtcpHeader.Length)
                    return false;
                content = content[..^padding];
            }

            var type = (RtcpPacketType)rest[1];
            if (offset == 0)
            {
                if (type == RtcpPacketType.SenderReport && SenderReport.TryRead(content, out senderReport))
                    blocks = senderReport!.ReportBlocks;
                else if (type == RtcpPacketType.ReceiverReport && ReceiverReport.TryRead(content, out receiverReport))
                    blocks = receiverReport!.ReportBlocks;
                else
                    return false;
            }
            else if (type == RtcpPacketType.ReceiverReport)
            {
                // More than 31 sources spill into further RRs (§6.1); a sound one from the same reporter adds blocks.
                if (!ReceiverReport.TryRead(content, out var more))
                    return false;
                if (more!.Ssrc == (senderReport?.Ssrc ?? receiverReport!.Ssrc))
                    blocks = blocks.AddRange(more.ReportBlocks);
            }
            else if (type == RtcpPacketType.Goodbye)
            {
                hasGoodbye = true;
            }
            offset += length;
        }
        while (offset < datagram.Length);

        packet = new RtcpPacket(senderReport, receiverReport, blocks, hasGoodbye);
        return true;
    }

    /// <summary>Bytes of the compound packet <see cref="WriteCompound(Span{byte}, SenderReport, string)"/> writes.</summary>
    public static int GetCompoundLength(SenderReport report, string canonicalName)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Length + CanonicalNameChunk.Length(canonicalName);
    }

    /// <summary>Bytes of the compound packet <see cref="WriteCompound(Span{byte}, ReceiverReport, string)"/> writes.</summary>
    public static int GetCompoundLength(ReceiverReport report, string canonicalName)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Length + CanonicalNameChunk.Length(canonicalName);
    }

    /// <summary>
    /// Writes the smallest valid compound packet around an SR (RFC 3550 §6.1): the SR, then an SDES with the sender's
    /// CNAME (1 to 255 bytes of UTF-8). Returns the bytes written; allocates nothing.
    /// </summary>
    public static int WriteCompound(Span<byte> destination, SenderReport report, string canonicalName)
    {
        var length = GetCompoundLength(report, canonicalName);
        if (destination.Length < length)
            throw new ArgumentException($"This compound packet needs {length} bytes.", nameof(destination));
        var written = report.WriteTo(destination);
        return written + CanonicalNameChunk.Write(destination[written..], report.Ssrc, canonicalName);
    }

    /// <summary>
    /// Writes the smallest valid compound packet around an RR (RFC 3550 §6.1): the RR, then an SDES with the
    /// reporter's CNAME (1 to 255 bytes of UTF-8). Returns the bytes written; allocates nothing.
    /// </summary>
    public static int WriteCompound(Span<byte> destination, ReceiverReport report, string canonicalName)
    {
        var length = GetCompoundLength(report, canonicalName);
        if (destination.Length < length)
            throw new ArgumentException($"This compound packet needs {length} bytes.", nameof(destination));
        var written = report.WriteTo(destination);
        return written + CanonicalNameChunk.Write(destination[written..], report.Ssrc, canonicalName);
    }
}
