using System.Buffers.Binary;
using System.Numerics;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// One RTCP feedback packet (RFC 4585 §6.1, PT 205 and 206) or extended report (RFC 3611, PT 207), as far as a
/// receiver that acts on none of them needs: what it is, who sent it, about which stream.
/// </summary>
/// <param name="Kind">What it asks for.</param>
/// <param name="SenderSsrc">The SSRC of the packet's sender.</param>
/// <param name="MediaSsrc">The stream it is about; 0 for an XR, which names its sources in its blocks.</param>
/// <param name="NackedPackets">For a generic NACK, the packets it asks for again (each PID and the bits of its BLP).</param>
public readonly record struct FeedbackMessage(FeedbackKind Kind, uint SenderSsrc, uint MediaSsrc, int NackedPackets = 0)
{
    /// <summary>Header, sender SSRC and media SSRC: the common part of every feedback packet (RFC 4585 §6.1).</summary>
    public const int FixedLength = 12;

    private const int XrFixedLength = 8;
    private const int XrBlockHeaderLength = 4;

    /// <summary>
    /// Reads a feedback packet or XR whose header has been checked; <paramref name="content"/> is the packet without
    /// its padding. False when it is too short or its feedback control information does not have the shape its
    /// type requires; total otherwise.
    /// </summary>
    internal static bool TryRead(ReadOnlySpan<byte> content, out FeedbackMessage message)
    {
        message = default;
        var type = (RtcpPacketType)content[1];
        if (type == RtcpPacketType.ExtendedReport)
            return TryReadExtendedReport(content, out message);
        if (content.Length < FixedLength)
            return false;
        var format = content[0] & 0x1F;
        var sender = BinaryPrimitives.ReadUInt32BigEndian(content[4..]);
        var media = BinaryPrimitives.ReadUInt32BigEndian(content[8..]);
        var fci = content[FixedLength..];
        if (type == RtcpPacketType.TransportFeedback)
        {
            switch (format)
            {
                case 1:
                    // One or more 4-byte entries: a PID, and a bitmask of the 16 packets after it (§6.2.1).
                    if (fci.IsEmpty || fci.Length % 4 != 0)
                        return false;
                    var nacked = 0;
                    for (var at = 0; at < fci.Length; at += 4)
                        nacked += 1 + BitOperations.PopCount(BinaryPrimitives.ReadUInt16BigEndian(fci[(at + 2)..]));
                    message = new FeedbackMessage(FeedbackKind.GenericNack, sender, media, nacked);
                    return true;
                case 15:
                    // Base sequence number, status count, reference time and feedback count come first.
                    if (fci.Length < 8)
                        return false;
                    message = new FeedbackMessage(FeedbackKind.TransportWideCongestionControl, sender, media);
                    return true;
                default:
                    message = new FeedbackMessage(FeedbackKind.OtherTransport, sender, media);
                    return true;
            }
        }
        switch (format)
        {
            case 1:
                // A PLI has no parameters: its length field must be 2 (§6.3.1.2).
                if (!fci.IsEmpty)
                    return false;
                message = new FeedbackMessage(FeedbackKind.PictureLossIndication, sender, media);
                return true;
            case 4:
                // One or more 8-byte entries: the SSRC asked to refresh and a command sequence number (RFC 5104 §4.3.1).
                if (fci.IsEmpty || fci.Length % 8 != 0)
                    return false;
                message = new FeedbackMessage(FeedbackKind.FullIntraRequest, sender, media);
                return true;
            case 15:
                message = new FeedbackMessage(FeedbackKind.ApplicationLayer, sender, media);
                return true;
            default:
                message = new FeedbackMessage(FeedbackKind.OtherPayload, sender, media);
                return true;
        }
    }

    /// <summary>An XR: header, sender SSRC, then report blocks whose own lengths must tile the packet (RFC 3611 §2-3).</summary>
    private static bool TryReadExtendedReport(ReadOnlySpan<byte> content, out FeedbackMessage message)
    {
        message = default;
        if (content.Length < XrFixedLength)
            return false;
        var blocks = content[XrFixedLength..];
        while (!blocks.IsEmpty)
        {
            if (blocks.Length < XrBlockHeaderLength)
                return false;
            var blockLength = XrBlockHeaderLength + 4 * BinaryPrimitives.ReadUInt16BigEndian(blocks[2..]);
            if (blockLength > blocks.Length)
                return false;
            blocks = blocks[blockLength..];
        }
        message = new FeedbackMessage(FeedbackKind.ExtendedReport, BinaryPrimitives.ReadUInt32BigEndian(content[4..]), 0);
        return true;
    }
}
