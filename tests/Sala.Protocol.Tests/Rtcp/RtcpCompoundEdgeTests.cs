using Sala.Protocol.Rtcp;
using Sala.Protocol.Rtp;

namespace Sala.Protocol.Tests.Rtcp;

/// <summary>
/// The edges of compound RTCP that the round trips in <see cref="RtcpPacketTests"/> do not reach: the smallest
/// packets, padding counts larger than the packet, several blocks in an SR, and BYE on a receiver's report.
/// </summary>
public sealed class RtcpCompoundEdgeTests
{
    private const string Cname = "sala@a";

    private static readonly SenderReport Sender = new(
        0x11223344,
        new SenderInfo(new NtpTimestamp(0xE3A1B2C3_8000_0000), 48_000, 10, 1600),
        new ReportBlock(0xA0, 1, 2, 3, 4, 5, 6),
        new ReportBlock(0xB0, 7, 8, 9, 10, 11, 12),
        new ReportBlock(0xC0, 13, 14, 15, 16, 17, 18));

    private static readonly ReceiverReport Receiver = new(0x55667788, new ReportBlock(0x11223344, 0, 0, 0, 0, 0, 0));

    /// <summary>A BYE with no SSRC at all (source count 0): a header and nothing else, 4 bytes.</summary>
    private static readonly byte[] EmptyGoodbye = [0x80, 0xCB, 0x00, 0x00];

    private static byte[] Write(SenderReport report)
    {
        var bytes = new byte[report.Length];
        report.WriteTo(bytes);
        return bytes;
    }

    private static byte[] Write(ReceiverReport report)
    {
        var bytes = new byte[report.Length];
        report.WriteTo(bytes);
        return bytes;
    }

    [Fact]
    public void A_sender_report_with_three_blocks_reads_each_block_from_its_own_place()
    {
        Assert.True(RtcpPacket.TryParse(Write(Sender), out var packet));
        Assert.Equal(Sender.ReportBlocks, packet.ReportBlocks);
    }

    [Fact]
    public void The_ssrc_of_a_packet_led_by_a_receiver_report_is_the_reporters()
    {
        Assert.True(RtcpPacket.TryParse(Write(Receiver), out var packet));
        Assert.Equal(0x55667788u, packet.Ssrc);
        Assert.True(packet.HasReport);
    }

    [Fact]
    public void A_further_receiver_report_from_the_sender_of_the_leading_sr_adds_its_blocks()
    {
        var more = new ReceiverReport(Sender.Ssrc, new ReportBlock(0xD0, 0, 0, 0, 0, 0, 0));

        Assert.True(RtcpPacket.TryParse([.. Write(Sender), .. Write(more)], out var packet));

        Assert.Equal([0xA0u, 0xB0u, 0xC0u, 0xD0u], packet.ReportBlocks.Select(b => b.Ssrc));
    }

    [Fact]
    public void A_header_only_bye_as_the_last_packet_is_four_bytes_and_counts_as_a_goodbye()
    {
        Assert.True(RtcpPacket.TryParse([.. Write(Receiver), .. EmptyGoodbye], out var packet));
        Assert.True(packet.HasGoodbye);
    }

    [Fact]
    public void Padding_that_takes_everything_after_the_header_of_the_last_packet_is_allowed()
    {
        // A BYE of 8 bytes, padded (P=1) by 4: what is left is its header, with a source count of 0.
        byte[] paddedGoodbye = [0xA0, 0xCB, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04];

        Assert.True(RtcpPacket.TryParse([.. Write(Receiver), .. paddedGoodbye], out var packet));
        Assert.True(packet.HasGoodbye);
    }

    [Theory]
    [InlineData(53)]
    [InlineData(56)]
    [InlineData(255)]
    public void A_padding_count_larger_than_the_whole_packet_is_refused_without_an_exception(byte count)
    {
        var bytes = Write(new SenderReport(1, new SenderInfo(default, 0, 0, 0), new ReportBlock(2, 0, 0, 0, 0, 0, 0)));
        Assert.Equal(52, bytes.Length);
        bytes[0] |= 0x20;
        bytes[^1] = count;

        Assert.False(RtcpPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void The_compound_length_with_a_bye_is_the_length_without_plus_the_bye_and_is_what_gets_written()
    {
        var withoutBye = RtcpPacket.GetCompoundLength(Receiver, Cname);
        var withBye = RtcpPacket.GetCompoundLength(Receiver, Cname, goodbye: true);
        Assert.Equal(withoutBye + Goodbye.Length, withBye);
        Assert.Equal(
            RtcpPacket.GetCompoundLength(Sender, Cname) + Goodbye.Length, RtcpPacket.GetCompoundLength(Sender, Cname, goodbye: true));

        var bytes = new byte[withBye];
        Assert.Equal(withBye, RtcpPacket.WriteCompound(bytes, Receiver, Cname, goodbye: true));
        Assert.True(RtcpPacket.TryParse(bytes, out var packet));
        Assert.True(packet.HasGoodbye);
        Assert.Equal(Receiver.Ssrc, packet.Ssrc);
    }

    [Fact]
    public void Transport_wide_feedback_with_exactly_its_eight_fixed_octets_is_read()
    {
        byte[] feedback =
        [
            0x8F, 0xCD, 0x00, 0x04, // V=2 FMT=15, PT=205 (RTPFB), length 4
            0x01, 0x02, 0x03, 0x04,
            0x0A, 0x0B, 0x0C, 0x0D,
            0x00, 0x01, 0x00, 0x00, // base sequence 1, status count 0
            0x00, 0x00, 0x00, 0x00, // reference time 0, feedback count 0
        ];

        Assert.True(RtcpPacket.TryParse([.. Write(Receiver), .. feedback], out var packet));
        Assert.Equal(FeedbackKind.TransportWideCongestionControl, Assert.Single(packet.Feedback).Kind);
    }

    [Fact]
    public void An_extended_report_block_of_just_its_header_is_read()
    {
        byte[] extendedReport =
        [
            0x80, 0xCF, 0x00, 0x02, // V=2, PT=207 (XR), length 2
            0x01, 0x02, 0x03, 0x04, // SSRC of the sender
            0x2A, 0x00, 0x00, 0x00, // block type 42, block length 0: a header and no contents
        ];

        Assert.True(RtcpPacket.TryParse([.. Write(Receiver), .. extendedReport], out var packet));
        Assert.Equal(FeedbackKind.ExtendedReport, Assert.Single(packet.Feedback).Kind);
    }

    [Theory]
    [InlineData(0x83, 0xCD, FeedbackKind.OtherTransport)] // RTPFB FMT 3 (TMMBR): not read, but sound
    [InlineData(0x82, 0xCE, FeedbackKind.OtherPayload)]   // PSFB FMT 2 (SLI)
    public void Feedback_of_a_format_sala_does_not_read_keeps_the_report(byte first, byte type, FeedbackKind kind)
    {
        byte[] feedback = [first, type, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04, 0x0A, 0x0B, 0x0C, 0x0D, 0, 0, 0, 0];

        Assert.True(RtcpPacket.TryParse([.. Write(Receiver), .. feedback], out var packet));

        Assert.Equal(kind, Assert.Single(packet.Feedback).Kind);
        Assert.Equal(Receiver.ReportBlocks, packet.ReportBlocks);
    }

    [Fact]
    public void An_extended_report_without_its_sender_ssrc_is_refused_without_an_exception()
    {
        byte[] headerOnly = [0x80, 0xCF, 0x00, 0x00];
        Assert.False(RtcpPacket.TryParse([.. Write(Receiver), .. headerOnly], out _));
    }

    [Fact]
    public void A_further_receiver_report_that_does_not_parse_refuses_the_compound()
    {
        byte[] claimsABlock = [0x81, 0xC9, 0x00, 0x01, 0x55, 0x66, 0x77, 0x88]; // RC=1 in an 8-byte RR
        Assert.False(RtcpPacket.TryParse([.. Write(Sender), .. claimsABlock], out _));
    }

    [Fact]
    public void A_sender_report_compound_with_a_bye_writes_the_bye_last()
    {
        var length = RtcpPacket.GetCompoundLength(Sender, Cname, goodbye: true);
        var bytes = new byte[length];

        Assert.Equal(length, RtcpPacket.WriteCompound(bytes, Sender, Cname, goodbye: true));

        Assert.Equal((byte)RtcpPacketType.Goodbye, bytes[length - Goodbye.Length + 1]);
        Assert.True(RtcpPacket.TryParse(bytes, out var packet));
        Assert.True(packet.HasGoodbye);
    }

    [Theory]
    [InlineData((byte)'z')]
    [InlineData((byte)'Z')]
    [InlineData((byte)'a')]
    public void A_datagram_opening_with_a_letter_at_either_end_of_the_alphabet_is_signaling(byte first) =>
        Assert.Equal(DatagramKind.Signaling, DatagramClassifier.Classify([first, 0x00]));
}
