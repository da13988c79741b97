using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sala.Protocol.Rtcp;

namespace Sala.Protocol.Tests.Rtcp;

public sealed class RtcpPacketTests
{
    private const string Cname = "sala@a";

    /// <summary>
    /// An SR with one report block, every field with a distinct value. The bytes below were worked out by hand from
    /// the field definitions of RFC 3550 §6.4.1 and §6.5, one 32-bit word a line.
    /// </summary>
    private static readonly SenderReport ExampleSenderReport = new(
        0x11223344,
        new SenderInfo(new NtpTimestamp(0xE3A1B2C3_8000_0000), 0x00BB8000, 1000, 64000),
        new ReportBlock(0xAABBCCDD, 64, -3, 0x0001_0005, 96, 0x12345678, 0x0001_8000));

    private static readonly byte[] ExampleSenderReportBytes =
    [
        0x81, 0xC8, 0x00, 0x0C, // V=2 P=0 RC=1, PT=200 (SR), length 13 words - 1
        0x11, 0x22, 0x33, 0x44, // SSRC of sender
        0xE3, 0xA1, 0xB2, 0xC3, // NTP timestamp, most significant word (seconds)
        0x80, 0x00, 0x00, 0x00, // NTP timestamp, least significant word (half a second)
        0x00, 0xBB, 0x80, 0x00, // RTP timestamp 12 288 000
        0x00, 0x00, 0x03, 0xE8, // sender's packet count 1000
        0x00, 0x00, 0xFA, 0x00, // sender's octet count 64 000
        0xAA, 0xBB, 0xCC, 0xDD, // SSRC_1 (the source reported on)
        0x40, 0xFF, 0xFF, 0xFD, // fraction lost 64/256, cumulative lost -3 in 24-bit two's complement
        0x00, 0x01, 0x00, 0x05, // extended highest sequence: 1 cycle, sequence 5
        0x00, 0x00, 0x00, 0x60, // interarrival jitter 96
        0x12, 0x34, 0x56, 0x78, // last SR (LSR)
        0x00, 0x01, 0x80, 0x00, // delay since last SR (DLSR) 1.5 s
    ];

    private static readonly byte[] ExampleSourceDescriptionBytes =
    [
        0x81, 0xCA, 0x00, 0x04, // V=2 P=0 SC=1, PT=202 (SDES), length 5 words - 1
        0x11, 0x22, 0x33, 0x44, // SSRC of the chunk
        0x01, 0x06, (byte)'s', (byte)'a', // CNAME, 6 octets
        (byte)'l', (byte)'a', (byte)'@', (byte)'a',
        0x00, 0x00, 0x00, 0x00, // end of the item list, padded to a word
    ];

    [Fact]
    public void SenderReport_IsWrittenByteForByteAsRfc3550Defines()
    {
        var bytes = new byte[ExampleSenderReport.Length];
        Assert.Equal(52, ExampleSenderReport.WriteTo(bytes));
        Assert.Equal(ExampleSenderReportBytes, bytes);
    }

    [Fact]
    public void CompoundSenderReport_IsTheSrThenAMinimalSdesCname()
    {
        var bytes = new byte[100];
        var written = RtcpPacket.WriteCompound(bytes, ExampleSenderReport, Cname);
        Assert.Equal(RtcpPacket.GetCompoundLength(ExampleSenderReport, Cname), written);
        Assert.Equal([.. ExampleSenderReportBytes, .. ExampleSourceDescriptionBytes], bytes[..written]);
    }

    [Fact]
    public void ReceiverReport_IsWrittenByteForByte()
    {
        var report = new ReceiverReport(0x01020304, new ReportBlock(0x05060708, 255, 0x7FFFFF, 0xFFFFFFFF, 1, 0, 0));
        var bytes = new byte[report.Length];
        Assert.Equal(32, report.WriteTo(bytes));
        Assert.Equal(
            [
                0x81, 0xC9, 0x00, 0x07, // RC=1, PT=201 (RR), length 8 words - 1
                0x01, 0x02, 0x03, 0x04,
                0x05, 0x06, 0x07, 0x08,
                0xFF, 0x7F, 0xFF, 0xFF, // all lost, the largest cumulative loss
                0xFF, 0xFF, 0xFF, 0xFF,
                0x00, 0x00, 0x00, 0x01,
                0x00, 0x00, 0x00, 0x00, // no SR heard yet: LSR and DLSR zero
                0x00, 0x00, 0x00, 0x00,
            ],
            bytes);
    }

    [Fact]
    public void EmptyReceiverReport_IsEightBytes()
    {
        var bytes = new byte[8];
        Assert.Equal(8, new ReceiverReport(0xCAFEBABE).WriteTo(bytes));
        Assert.Equal([0x80, 0xC9, 0x00, 0x01, 0xCA, 0xFE, 0xBA, 0xBE], bytes);
    }

    [Theory]
    [InlineData("a", 12)] // 2 + 1 + 1 null = 4
    [InlineData("ab", 16)] // 2 + 2 + 1 = 5, padded to 8
    [InlineData("abcde", 16)] // 2 + 5 + 1 = 8: exactly one null octet
    [InlineData("abcdef", 20)] // 2 + 6 + 1 = 9, padded to 12
    public void CnameChunk_EndsWithAtLeastOneNullOctetOnAWordBoundary(string cname, int sdesLength)
    {
        var report = new ReceiverReport(7);
        var bytes = new byte[64];
        bytes.AsSpan().Fill(0xEE);
        var written = RtcpPacket.WriteCompound(bytes, report, cname);
        Assert.Equal(8 + sdesLength, written);
        var sdes = bytes.AsSpan(8, sdesLength);
        Assert.Equal(sdesLength / 4 - 1, BinaryPrimitives.ReadUInt16BigEndian(sdes[2..]));
        Assert.Equal(cname.Length, sdes[9]);
        Assert.True(sdes[(10 + cname.Length)..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void WriteCompound_RefusesAnEmptyCname(string? cname) =>
        Assert.ThrowsAny<ArgumentException>(() => RtcpPacket.WriteCompound(new byte[64], new ReceiverReport(1), cname!));

    [Fact]
    public void WriteCompound_RefusesACnameLongerThan255Bytes()
    {
        Assert.Equal(8 + 268, RtcpPacket.GetCompoundLength(new ReceiverReport(1), new string('x', 255)));
        Assert.Throws<ArgumentException>(() =>
            RtcpPacket.WriteCompound(new byte[600], new ReceiverReport(1), new string('é', 128)));
    }

    [Fact]
    public void WriteCompound_RefusesADestinationTooShort_AndWritesNothing()
    {
        var bytes = new byte[ExampleSenderReport.Length + 19];
        Assert.Throws<ArgumentException>(() => RtcpPacket.WriteCompound(bytes, ExampleSenderReport, Cname));
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Reports_RefuseMoreThan31Blocks()
    {
        var blocks = new ReportBlock[32];
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReceiverReport(1, blocks));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SenderReport(1, default, blocks));
        Assert.Equal(31, new ReceiverReport(1, blocks.AsSpan(0, 31)).ReportBlocks.Length);
    }

    [Fact]
    public void CompoundSenderReport_ParsesBackToTheSameFields()
    {
        var packet = Parse(Compound(ExampleSenderReport));
        Assert.Null(packet.ReceiverReport);
        var report = Assert.IsType<SenderReport>(packet.SenderReport);
        Assert.Equal(0x11223344u, packet.Ssrc);
        Assert.Equal(ExampleSenderReport.SenderInfo, report.SenderInfo);
        Assert.Equal(ExampleSenderReport.ReportBlocks, report.ReportBlocks);
        Assert.Equal(ExampleSenderReport.ReportBlocks, packet.ReportBlocks);
        Assert.False(packet.HasGoodbye);
        Assert.True(packet.TryGetReportBlock(0xAABBCCDD, out var block));
        Assert.Equal(-3, block.CumulativeLost);
        Assert.Equal(0.25, block.FractionLostRatio);
        Assert.Equal(TimeSpan.FromMilliseconds(2), block.JitterTime(48_000));
        Assert.False(packet.TryGetReportBlock(0x11223344, out _));
    }

    [Fact]
    public void CompoundReceiverReport_WithSeveralBlocks_ParsesBack()
    {
        var blocks = Enumerable.Range(0, 31)
            .Select(i => new ReportBlock((uint)i, (byte)i, -i * 1000, (uint)i << 16, (uint)i * 7, (uint)~i, (uint)i))
            .ToArray();
        var report = new ReceiverReport(0xFEEDFACE, blocks);
        var packet = Parse(Compound(report));
        Assert.Null(packet.SenderReport);
        Assert.Equal(0xFEEDFACEu, Assert.IsType<ReceiverReport>(packet.ReceiverReport).Ssrc);
        Assert.Equal(blocks, packet.ReportBlocks);
    }

    [Property]
    public bool AnyReportBlock_RoundTrips(uint ssrc, byte fraction, int lost, uint highest, uint jitter, uint lsr, uint dlsr)
    {
        var block = new ReportBlock(ssrc, fraction, lost % 0x80_0000, highest, jitter, lsr, dlsr);
        var bytes = Compound(new ReceiverReport(1, block));
        return RtcpPacket.TryParse(bytes, out var packet) && packet.ReportBlocks.Single() == block;
    }

    [Property]
    public bool AnySenderInfo_RoundTrips(ulong ntp, uint rtp, uint packets, uint octets)
    {
        var info = new SenderInfo(new NtpTimestamp(ntp), rtp, packets, octets);
        return RtcpPacket.TryParse(Compound(new SenderReport(9, info)), out var packet)
            && packet.SenderReport!.SenderInfo == info;
    }

    [Theory]
    [InlineData(8_388_608, 8_388_607)]
    [InlineData(int.MaxValue, 8_388_607)]
    [InlineData(-8_388_609, -8_388_608)]
    [InlineData(int.MinValue, -8_388_608)]
    public void CumulativeLost_IsClampedTo24BitsSigned(int given, int kept)
    {
        var block = new ReportBlock(1, 0, given, 0, 0, 0, 0);
        Assert.Equal(kept, block.CumulativeLost);
        Assert.Equal(kept, Parse(Compound(new ReceiverReport(2, block))).ReportBlocks[0].CumulativeLost);
    }

    [Fact]
    public void EveryTruncation_OfASingleSenderReport_IsRejected()
    {
        var bytes = new byte[ExampleSenderReport.Length];
        ExampleSenderReport.WriteTo(bytes);
        Assert.True(RtcpPacket.TryParse(bytes, out _));
        for (var length = 0; length < bytes.Length; length++)
            Assert.False(RtcpPacket.TryParse(bytes.AsSpan(0, length), out _), $"length {length}");
    }

    [Fact]
    public void EveryTruncation_OfACompoundPacket_IsRejected_ButACutBetweenPacketsLeavesTheReportAlone()
    {
        // A cut exactly after the SR leaves a sound compound packet of one SR, which is read as such.
        var bytes = Compound(ExampleSenderReport);
        for (var length = 0; length < bytes.Length; length++)
        {
            var parsed = RtcpPacket.TryParse(bytes.AsSpan(0, length), out var packet);
            Assert.Equal(length == ExampleSenderReport.Length, parsed);
            if (parsed)
                Assert.Equal(ExampleSenderReport.ReportBlocks, packet!.ReportBlocks);
        }
    }

    [Fact]
    public void GoodbyeAppAndUnknownPackets_AfterTheReport_AreAcceptedAndSkipped()
    {
        byte[] goodbye = [0x81, 0xCB, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44];
        byte[] app = [0x80, 0xCC, 0x00, 0x02, 0x11, 0x22, 0x33, 0x44, (byte)'S', (byte)'A', (byte)'L', (byte)'A'];
        byte[] extendedReport = [0x80, 0xCF, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44];
        var packet = Parse([.. Compound(ExampleSenderReport), .. app, .. extendedReport, .. goodbye]);
        Assert.True(packet.HasGoodbye);
        Assert.Equal(ExampleSenderReport.ReportBlocks, packet.ReportBlocks);
    }

    [Fact]
    public void FurtherReceiverReports_FromTheSameReporter_AddTheirBlocks()
    {
        var first = new ReceiverReport(5, new ReportBlock(100, 0, 0, 0, 0, 0, 0));
        var more = new ReceiverReport(5, new ReportBlock(101, 0, 0, 0, 0, 0, 0));
        var other = new ReceiverReport(6, new ReportBlock(102, 0, 0, 0, 0, 0, 0));
        var packet = Parse([.. Write(first), .. Write(more), .. Write(other)]);
        Assert.Equal([100u, 101u], packet.ReportBlocks.Select(b => b.Ssrc));
        Assert.Single(packet.ReceiverReport!.ReportBlocks);
    }

    [Fact]
    public void ProfileExtension_AfterTheBlocks_IsSkipped()
    {
        var bytes = Write(ExampleSenderReport);
        byte[] extended = [.. bytes, 1, 2, 3, 4, 5, 6, 7, 8];
        BinaryPrimitives.WriteUInt16BigEndian(extended.AsSpan(2), (ushort)(extended.Length / 4 - 1));
        Assert.Equal(ExampleSenderReport.ReportBlocks, Parse(extended).ReportBlocks);
    }

    [Fact]
    public void PaddingOnTheLastPacket_IsRemoved()
    {
        var bytes = Compound(ExampleSenderReport);
        byte[] padded = [.. bytes, 0, 0, 0, 4];
        padded[ExampleSenderReport.Length] |= 0x20;
        var sdesWords = BinaryPrimitives.ReadUInt16BigEndian(padded.AsSpan(ExampleSenderReport.Length + 2));
        BinaryPrimitives.WriteUInt16BigEndian(padded.AsSpan(ExampleSenderReport.Length + 2), (ushort)(sdesWords + 1));
        Assert.Equal(ExampleSenderReport.ReportBlocks, Parse(padded).ReportBlocks);
    }

    [Fact]
    public void PaddingHidingTheReportBlocks_IsRejected()
    {
        var bytes = Write(ExampleSenderReport);
        bytes[0] |= 0x20;
        bytes[^1] = 4; // the last word of the block would be padding, so the block no longer fits
        Assert.False(RtcpPacket.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(49)]
    public void PaddingCountOfZeroOrBeyondTheHeader_IsRejected(byte count)
    {
        var bytes = Write(ExampleSenderReport);
        bytes[0] |= 0x20;
        bytes[^1] = count;
        Assert.False(RtcpPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void PaddingOnAPacketThatIsNotLast_IsRejected()
    {
        var bytes = Compound(ExampleSenderReport);
        bytes[0] |= 0x20;
        bytes[ExampleSenderReport.Length - 1] = 4;
        Assert.False(RtcpPacket.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData(202)]
    [InlineData(203)]
    [InlineData(204)]
    [InlineData(111)]
    public void FirstPacketOtherThanSrOrRr_IsRejected(byte type)
    {
        var bytes = Compound(new ReceiverReport(1));
        bytes[1] = type;
        Assert.False(RtcpPacket.TryParse(bytes, out _));
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x41)]
    [InlineData(0xC1)]
    public void VersionOtherThan2_InAnyPacket_IsRejected(byte firstByte)
    {
        var bytes = Compound(ExampleSenderReport);
        var first = (byte[])bytes.Clone();
        first[0] = firstByte;
        Assert.False(RtcpPacket.TryParse(first, out _));
        bytes[ExampleSenderReport.Length] = firstByte;
        Assert.False(RtcpPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void ReportCountBeyondTheLength_IsRejected()
    {
        var bytes = Write(ExampleSenderReport);
        bytes[0] = 0x82; // two blocks claimed, one present
        Assert.False(RtcpPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void LengthsNotAddingUpToTheDatagram_AreRejected()
    {
        byte[] trailing = [.. Compound(ExampleSenderReport), 0x80, 0xCA];
        Assert.False(RtcpPacket.TryParse(trailing, out _));
        var overrun = Compound(ExampleSenderReport);
        overrun[ExampleSenderReport.Length + 3]++;
        Assert.False(RtcpPacket.TryParse(overrun, out _));
    }

    [Property(MaxTest = 2000)]
    public bool RandomBytes_NeverThrow(byte[] bytes) =>
        !RtcpPacket.TryParse(bytes, out var packet) || packet.SenderReport is not null ^ packet.ReceiverReport is not null;

    [Property(MaxTest = 3000)]
    public Property RandomBytesAfterAnRtcpHeaderStart_NeverThrow()
    {
        var packets =
            from first in Gen.Elements<byte>(0x80, 0x81, 0x9F, 0xA0, 0xA1)
            from type in Gen.Elements<byte>(200, 201, 202, 203)
            from words in Gen.Choose(0, 20)
            from rest in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf()
            select (byte[])[first, type, 0, (byte)words, .. rest];
        return Prop.ForAll(packets.ToArbitrary(), p => !RtcpPacket.TryParse(p, out var packet) || packet.ReportBlocks.Length <= 31 * p.Length);
    }

    [Property(MaxTest = 3000)]
    public bool ValidPacketsWithOneByteChanged_NeverThrow(ushort position, byte value, bool receiver)
    {
        var bytes = receiver
            ? Compound(new ReceiverReport(3, ExampleSenderReport.ReportBlocks.AsSpan()))
            : Compound(ExampleSenderReport);
        bytes[position % bytes.Length] = value;
        return !RtcpPacket.TryParse(bytes, out var packet) || packet.ReportBlocks.Length <= 31;
    }

    [Fact]
    public void WritingCompoundReports_AllocatesNothing()
    {
        var receiverReport = new ReceiverReport(3, ExampleSenderReport.ReportBlocks.AsSpan());
        var buffer = new byte[256];
        var total = RtcpPacket.WriteCompound(buffer, ExampleSenderReport, Cname)
            + RtcpPacket.WriteCompound(buffer, receiverReport, Cname);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            total += RtcpPacket.WriteCompound(buffer, ExampleSenderReport, Cname);
            total += RtcpPacket.WriteCompound(buffer, receiverReport, Cname);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001 * (72 + 52), total);
    }

    private static RtcpPacket Parse(byte[] bytes)
    {
        Assert.True(RtcpPacket.TryParse(bytes, out var packet));
        return packet;
    }

    private static byte[] Compound(SenderReport report)
    {
        var bytes = new byte[RtcpPacket.GetCompoundLength(report, Cname)];
        RtcpPacket.WriteCompound(bytes, report, Cname);
        return bytes;
    }

    private static byte[] Compound(ReceiverReport report)
    {
        var bytes = new byte[RtcpPacket.GetCompoundLength(report, Cname)];
        RtcpPacket.WriteCompound(bytes, report, Cname);
        return bytes;
    }

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
}
