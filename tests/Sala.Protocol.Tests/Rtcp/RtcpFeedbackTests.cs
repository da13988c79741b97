using Sala.Protocol.Rtcp;

namespace Sala.Protocol.Tests.Rtcp;

/// <summary>RTCP feedback (RFC 4585) and extended reports (RFC 3611), as other stacks send them, read and never mistaken.</summary>
public sealed class RtcpFeedbackTests
{
    private static readonly byte[] ReceiverReportBytes =
    [
        0x80, 0xC9, 0x00, 0x01, // V=2 RC=0, PT=201 (RR), length 1
        0x01, 0x02, 0x03, 0x04, // SSRC of the reporter
    ];

    /// <summary>A generic NACK for packet 100 and, by its bitmask, packets 101 and 116 (RFC 4585 §6.2.1).</summary>
    private static readonly byte[] NackBytes =
    [
        0x81, 0xCD, 0x00, 0x03, // V=2 FMT=1, PT=205 (RTPFB), length 3
        0x01, 0x02, 0x03, 0x04, // SSRC of the packet sender
        0x0A, 0x0B, 0x0C, 0x0D, // SSRC of the media source
        0x00, 0x64, 0x80, 0x01, // PID 100, BLP: bits 0 and 15 (packets 101 and 116)
    ];

    /// <summary>A picture loss indication: no FCI at all (RFC 4585 §6.3.1).</summary>
    private static readonly byte[] PliBytes =
    [
        0x81, 0xCE, 0x00, 0x02, // V=2 FMT=1, PT=206 (PSFB), length 2
        0x01, 0x02, 0x03, 0x04,
        0x0A, 0x0B, 0x0C, 0x0D,
    ];

    /// <summary>A full intra request with one entry (RFC 5104 §4.3.1).</summary>
    private static readonly byte[] FirBytes =
    [
        0x84, 0xCE, 0x00, 0x04, // V=2 FMT=4, PT=206, length 4
        0x01, 0x02, 0x03, 0x04,
        0x00, 0x00, 0x00, 0x00, // media source: 0 for a FIR
        0x0A, 0x0B, 0x0C, 0x0D, // the SSRC asked to refresh
        0x07, 0x00, 0x00, 0x00, // command sequence number 7, reserved
    ];

    /// <summary>Transport-wide congestion control feedback: base sequence, status count, reference time, one chunk.</summary>
    private static readonly byte[] TwccBytes =
    [
        0x8F, 0xCD, 0x00, 0x05, // V=2 FMT=15, PT=205, length 5
        0x01, 0x02, 0x03, 0x04,
        0x0A, 0x0B, 0x0C, 0x0D,
        0x00, 0x10, 0x00, 0x01, // base sequence 16, one packet
        0x00, 0x00, 0x01, 0x00, // reference time 1, feedback count 0
        0x20, 0x01, 0x04, 0x00, // a run-length chunk, one receive delta, padding
    ];

    /// <summary>REMB, the application-layer feedback browsers send (PSFB FMT 15).</summary>
    private static readonly byte[] RembBytes =
    [
        0x8F, 0xCE, 0x00, 0x05, // V=2 FMT=15, PT=206, length 5
        0x01, 0x02, 0x03, 0x04,
        0x00, 0x00, 0x00, 0x00,
        0x52, 0x45, 0x4D, 0x42, // "REMB"
        0x01, 0x0A, 0x00, 0x00, // one SSRC, bitrate exponent and mantissa
        0x0A, 0x0B, 0x0C, 0x0D,
    ];

    /// <summary>An XR with one receiver reference time block (RFC 3611 §4.4).</summary>
    private static readonly byte[] XrBytes =
    [
        0x80, 0xCF, 0x00, 0x04, // V=2, PT=207 (XR), length 4
        0x01, 0x02, 0x03, 0x04, // SSRC of the sender
        0x04, 0x00, 0x00, 0x02, // BT=4, block length 2 words
        0xE3, 0xA1, 0xB2, 0xC3, // NTP timestamp
        0x80, 0x00, 0x00, 0x00,
    ];

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static TheoryData<byte[], FeedbackKind> ReducedSize => new()
    {
        { NackBytes, FeedbackKind.GenericNack },
        { PliBytes, FeedbackKind.PictureLossIndication },
        { FirBytes, FeedbackKind.FullIntraRequest },
        { TwccBytes, FeedbackKind.TransportWideCongestionControl },
        { RembBytes, FeedbackKind.ApplicationLayer },
        { XrBytes, FeedbackKind.ExtendedReport },
    };

    [Theory]
    [MemberData(nameof(ReducedSize))]
    public void A_feedback_packet_alone_is_read_as_feedback_with_no_report(byte[] datagram, FeedbackKind kind)
    {
        Assert.True(RtcpPacket.TryParse(datagram, out var packet));
        Assert.False(packet.HasReport);
        var feedback = Assert.Single(packet.Feedback);
        Assert.Equal(kind, feedback.Kind);
        Assert.Equal(0x01020304u, feedback.SenderSsrc);
        Assert.Equal(0x01020304u, packet.Ssrc);
    }

    [Fact]
    public void A_nack_counts_its_packet_and_every_bit_of_its_mask()
    {
        Assert.True(RtcpPacket.TryParse(NackBytes, out var packet));
        var nack = Assert.Single(packet.Feedback);
        Assert.Equal(0x0A0B0C0Du, nack.MediaSsrc);
        Assert.Equal(3, nack.NackedPackets);
    }

    [Fact]
    public void Feedback_after_a_report_in_a_compound_packet_is_read_besides_the_report()
    {
        Assert.True(RtcpPacket.TryParse(Concat(ReceiverReportBytes, NackBytes, PliBytes, XrBytes), out var packet));
        Assert.True(packet.HasReport);
        Assert.Equal([FeedbackKind.GenericNack, FeedbackKind.PictureLossIndication, FeedbackKind.ExtendedReport],
            packet.Feedback.Select(f => f.Kind));
    }

    [Fact]
    public void Every_prefix_of_valid_feedback_is_refused_without_an_exception()
    {
        foreach (var datagram in new[] { NackBytes, PliBytes, FirBytes, TwccBytes, RembBytes, XrBytes })
        {
            for (var length = 0; length < datagram.Length; length++)
                Assert.False(RtcpPacket.TryParse(datagram.AsSpan(0, length), out _));
        }
    }

    public static TheoryData<byte[]> Malformed => new()
    {
        // A NACK with no entry.
        new byte[] { 0x81, 0xCD, 0x00, 0x02, 1, 2, 3, 4, 10, 11, 12, 13 },
        // A PLI with parameters it must not have.
        new byte[] { 0x81, 0xCE, 0x00, 0x03, 1, 2, 3, 4, 10, 11, 12, 13, 0, 0, 0, 0 },
        // A FIR whose entry is half there.
        new byte[] { 0x84, 0xCE, 0x00, 0x03, 1, 2, 3, 4, 0, 0, 0, 0, 10, 11, 12, 13 },
        // A TWCC without its reference time.
        new byte[] { 0x8F, 0xCD, 0x00, 0x03, 1, 2, 3, 4, 10, 11, 12, 13, 0, 16, 0, 1 },
        // Feedback too short for its two SSRCs.
        new byte[] { 0x81, 0xCD, 0x00, 0x01, 1, 2, 3, 4 },
        // An XR block longer than the packet.
        new byte[] { 0x80, 0xCF, 0x00, 0x02, 1, 2, 3, 4, 4, 0, 0, 9 },
        // A BYE whose count claims more SSRCs than it has.
        Concat(ReceiverReportBytes, [0x82, 0xCB, 0x00, 0x01, 1, 2, 3, 4]),
        // Reduced-size packets start with feedback: an SDES alone is not one.
        new byte[] { 0x81, 0xCA, 0x00, 0x01, 1, 2, 3, 4 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Feedback_without_the_shape_its_type_requires_is_refused(byte[] datagram) =>
        Assert.False(RtcpPacket.TryParse(datagram, out _));

    [Fact]
    public void A_goodbye_written_after_a_report_is_read_back()
    {
        var report = new ReceiverReport(0x01020304);
        var buffer = new byte[RtcpPacket.GetCompoundLength(report, "bob@sala", goodbye: true)];
        var written = RtcpPacket.WriteCompound(buffer, report, "bob@sala", goodbye: true);

        Assert.Equal(buffer.Length, written);
        Assert.Equal([0x81, 0xCB, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04], buffer[^8..]);
        Assert.True(RtcpPacket.TryParse(buffer, out var packet));
        Assert.True(packet.HasGoodbye);
    }
}
