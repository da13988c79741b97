using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// A compound RTCP packet (RFC 3550 §6.1) as Sala reads and writes it: an SR or an RR first, then anything else; or a
/// reduced-size packet of feedback only (RFC 5506 §3.4: feedback or XR packets, no report first). Reading keeps the
/// report, the blocks of any further RRs from the same reporter, whether a BYE was present, and the feedback and XR
/// packets (RFC 4585, RFC 3611); SDES, APP and unknown types are checked for a sound length and skipped.
/// </summary>
public sealed class RtcpPacket
{
    private RtcpPacket(
        SenderReport? senderReport,
        ReceiverReport? receiverReport,
        ImmutableArray<ReportBlock> reportBlocks,
        bool hasGoodbye,
        ImmutableArray<FeedbackMessage> feedback)
    {
        SenderReport = senderReport;
        ReceiverReport = receiverReport;
        ReportBlocks = reportBlocks;
        HasGoodbye = hasGoodbye;
        Feedback = feedback;
    }

    /// <summary>
    /// The first packet when it is an SR; at most one of this and <see cref="ReceiverReport"/> is set, and neither in
    /// a reduced-size packet of feedback.
    /// </summary>
    public SenderReport? SenderReport { get; }

    /// <summary>The first packet when it is an RR.</summary>
    public ReceiverReport? ReceiverReport { get; }

    /// <summary>The reporter's SSRC (in a reduced-size packet, the sender of its first feedback).</summary>
    public uint Ssrc => SenderReport?.Ssrc ?? ReceiverReport?.Ssrc ?? Feedback[0].SenderSsrc;

    /// <summary>Whether the packet carries a report (SR or RR) rather than feedback alone.</summary>
    public bool HasReport => SenderReport is not null || ReceiverReport is not null;

    /// <summary>The feedback (RFC 4585) and extended report (RFC 3611) packets, in order.</summary>
    public ImmutableArray<FeedbackMessage> Feedback { get; }

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
    /// checks of RFC 3550 A.2: every packet is version 2, the first is an SR or RR (or, in a reduced-size packet, RFC
    /// 5506 §3.4.2, a feedback or XR packet), only the last may be padded (with a count from 1 to what follows its
    /// header), and the packets' lengths add up exactly to the datagram's. Feedback, XR and BYE packets must also
    /// have the shape their types require.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out RtcpPacket? packet)
    {
        packet = null;
        SenderReport? senderReport = null;
        ReceiverReport? receiverReport = null;
        ImmutableArray<ReportBlock> blocks = [];
        var hasGoodbye = false;
        var feedback = ImmutableArray<FeedbackMessage>.Empty;
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
                else if (!IsFeedback(type))
                    return false;
            }
            else if (type == RtcpPacketType.ReceiverReport)
            {
                // More than 31 sources spill into further RRs (§6.1); a sound one from the same reporter adds blocks.
                if (!ReceiverReport.TryRead(content, out var more))
                    return false;
                if (more!.Ssrc == (senderReport?.Ssrc ?? receiverReport?.Ssrc))
                    blocks = blocks.AddRange(more.ReportBlocks);
            }
            else if (type == RtcpPacketType.Goodbye)
            {
                // The source count says how many SSRCs follow the header (§6.6).
                if (content.Length < RtcpHeader.Length + 4 * (content[0] & 0x1F))
                    return false;
                hasGoodbye = true;
            }
            if (IsFeedback(type))
            {
                if (!FeedbackMessage.TryRead(content, out var message))
                    return false;
                feedback = feedback.Add(message);
            }
            offset += length;
        }
        while (offset < datagram.Length);

        packet = new RtcpPacket(senderReport, receiverReport, blocks, hasGoodbye, feedback);
        return true;
    }

    private static bool IsFeedback(RtcpPacketType type) =>
        type is RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback or RtcpPacketType.ExtendedReport;

    /// <summary>Bytes of the compound packet <see cref="WriteCompound(Span{byte}, SenderReport, string, bool)"/> writes.</summary>
    public static int GetCompoundLength(SenderReport report, string canonicalName, bool goodbye = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Length + CanonicalNameChunk.Length(canonicalName) + (goodbye ? Goodbye.Length : 0);
    }

    /// <summary>Bytes of the compound packet <see cref="WriteCompound(Span{byte}, ReceiverReport, string, bool)"/> writes.</summary>
    public static int GetCompoundLength(ReceiverReport report, string canonicalName, bool goodbye = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Length + CanonicalNameChunk.Length(canonicalName) + (goodbye ? Goodbye.Length : 0);
    }

    /// <summary>
    /// Writes the smallest valid compound packet around an SR (RFC 3550 §6.1): the SR, then an SDES with the sender's
    /// CNAME (1 to 255 bytes of UTF-8), and with <paramref name="goodbye"/> a BYE last (§6.6: the sender leaves).
    /// Returns the bytes written; allocates nothing.
    /// </summary>
    public static int WriteCompound(Span<byte> destination, SenderReport report, string canonicalName, bool goodbye = false)
    {
        var length = GetCompoundLength(report, canonicalName, goodbye);
        if (destination.Length < length)
            throw new ArgumentException($"This compound packet needs {length} bytes.", nameof(destination));
        var written = report.WriteTo(destination);
        written += CanonicalNameChunk.Write(destination[written..], report.Ssrc, canonicalName);
        return goodbye ? written + Goodbye.Write(destination[written..], report.Ssrc) : written;
    }

    /// <summary>
    /// Writes the smallest valid compound packet around an RR (RFC 3550 §6.1): the RR, then an SDES with the
    /// reporter's CNAME (1 to 255 bytes of UTF-8), and with <paramref name="goodbye"/> a BYE last (§6.6). Returns the
    /// bytes written; allocates nothing.
    /// </summary>
    public static int WriteCompound(Span<byte> destination, ReceiverReport report, string canonicalName, bool goodbye = false)
    {
        var length = GetCompoundLength(report, canonicalName, goodbye);
        if (destination.Length < length)
            throw new ArgumentException($"This compound packet needs {length} bytes.", nameof(destination));
        var written = report.WriteTo(destination);
        written += CanonicalNameChunk.Write(destination[written..], report.Ssrc, canonicalName);
        return goodbye ? written + Goodbye.Write(destination[written..], report.Ssrc) : written;
    }
}
