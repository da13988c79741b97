using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sala.Protocol.Rtp;

namespace Sala.Protocol.Tests.Rtp;

public sealed class RtpHeaderTests
{
    [Fact]
    public void WrittenHeader_ParsesBackToTheSameFields()
    {
        var header = new RtpHeader(RtpPayloadTypes.Opus, 65535, 0xDEADBEEF, 0x01020304, marker: true);
        var packet = new byte[RtpHeader.FixedLength + 3];
        Assert.Equal(RtpHeader.FixedLength, header.WriteTo(packet));
        packet[12] = 7;

        Assert.True(RtpHeader.TryParse(packet, out var parsed, out var offset, out var length));
        Assert.Equal(header, parsed);
        Assert.Equal(2, parsed.Version);
        Assert.True(parsed.Marker);
        Assert.Equal(RtpPayloadTypes.Opus, parsed.PayloadType);
        Assert.Equal((ushort)65535, parsed.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, parsed.Timestamp);
        Assert.Equal(0x01020304u, parsed.Ssrc);
        Assert.Equal(12, offset);
        Assert.Equal(3, length);
    }

    [Fact]
    public void WriteTo_UsesNetworkByteOrder()
    {
        var bytes = new byte[12];
        new RtpHeader(RtpPayloadTypes.Pcm, 0x0102, 0x03040506, 0x0708090A).WriteTo(bytes);
        Assert.Equal(new byte[] { 0x80, 97, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, bytes);
    }

    [Fact]
    public void WriteTo_RefusesADestinationShorterThanTheHeader() =>
        Assert.Throws<ArgumentException>(() => new RtpHeader(0, 0, 0, 0).WriteTo(new byte[11]));

    [Fact]
    public void Constructor_RefusesAPayloadTypeAbove127() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpHeader(128, 0, 0, 0));

    [Fact]
    public void HeaderOnlyPacket_HasAnEmptyPayload()
    {
        Assert.True(RtpHeader.TryParse(Packet(), out _, out var offset, out var length));
        Assert.Equal((12, 0), (offset, length));
    }

    [Fact]
    public void CsrcList_IsSkipped()
    {
        var packet = Packet(csrcs: 3, payload: 5);
        Assert.True(RtpHeader.TryParse(packet, out var header, out var offset, out var length));
        Assert.Equal(3, header.CsrcCount);
        Assert.Equal(12 + 12, header.HeaderLength);
        Assert.Equal((24, 5), (offset, length));
    }

    [Fact]
    public void HeaderExtension_IsSkippedWithItsOwnHeader()
    {
        var packet = Packet(csrcs: 1, extensionWords: 2, payload: 4);
        Assert.True(RtpHeader.TryParse(packet, out var header, out var offset, out var length));
        Assert.True(header.HasExtension);
        Assert.Equal(12 + 4 + 4 + 8, offset);
        Assert.Equal(4, length);
    }

    [Fact]
    public void EmptyHeaderExtension_IsAccepted()
    {
        Assert.True(RtpHeader.TryParse(Packet(extensionWords: 0, payload: 1), out _, out var offset, out _));
        Assert.Equal(16, offset);
    }

    [Fact]
    public void EmptyHeaderExtension_WithNoPayload_IsAHeaderOnlyPacket()
    {
        var packet = Packet(extensionWords: 0);
        Assert.Equal(16, packet.Length);
        Assert.True(RtpHeader.TryParse(packet, out _, out var offset, out var length));
        Assert.Equal((16, 0), (offset, length));
    }

    [Fact]
    public void Padding_IsRemovedFromThePayload()
    {
        var packet = Packet(payload: 6, padding: 4);
        Assert.True(RtpHeader.TryParse(packet, out var header, out var offset, out var length));
        Assert.True(header.HasPadding);
        Assert.Equal((12, 6), (offset, length));
    }

    [Fact]
    public void PaddingOfTheWholePayload_LeavesItEmpty()
    {
        Assert.True(RtpHeader.TryParse(Packet(padding: 8), out _, out _, out var length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void PaddingCountOfZero_IsRejected()
    {
        var packet = Packet(payload: 4);
        packet[0] |= 0x20;
        packet[^1] = 0;
        Assert.False(RtpHeader.TryParse(packet, out _, out _, out _));
    }

    [Fact]
    public void PaddingLongerThanWhatFollowsTheHeader_IsRejected()
    {
        var packet = Packet(csrcs: 1, payload: 4);
        packet[0] |= 0x20;
        packet[^1] = 5;
        Assert.False(RtpHeader.TryParse(packet, out _, out _, out _));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x40)]
    [InlineData(0xC0)]
    public void VersionOtherThan2_IsRejected(byte firstByte)
    {
        var packet = Packet(payload: 4);
        packet[0] = firstByte;
        Assert.False(RtpHeader.TryParse(packet, out _, out _, out _));
    }

    [Fact]
    public void ExtensionLongerThanThePacket_IsRejected()
    {
        var packet = Packet(extensionWords: 3);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 4);
        Assert.False(RtpHeader.TryParse(packet, out _, out _, out _));
    }

    [Fact]
    public void EveryTruncation_OfAPacketWithCsrcsExtensionAndPadding_IsRejectedOrStillConsistent()
    {
        var packet = Packet(csrcs: 2, extensionWords: 1, payload: 10, padding: 3);
        Assert.True(RtpHeader.TryParse(packet, out _, out _, out _));
        for (var length = 0; length < packet.Length; length++)
        {
            // Cutting the tail moves the padding count onto a payload byte, so a prefix may parse; when it does, the
            // payload it points to must lie inside it.
            if (RtpHeader.TryParse(packet.AsSpan(0, length), out _, out var offset, out var payload))
                Assert.InRange(offset + payload, offset, length);
        }
    }

    [Fact]
    public void EveryTruncation_OfTheFixedHeader_IsRejected()
    {
        var packet = Packet(csrcs: 2, extensionWords: 1);
        for (var length = 0; length < packet.Length; length++)
            Assert.False(RtpHeader.TryParse(packet.AsSpan(0, length), out _, out _, out _), $"length {length}");
    }

    [Property(MaxTest = 2000)]
    public bool RandomBytes_NeverThrow_AndAParsedPayloadLiesInsideThePacket(byte[] bytes)
    {
        if (!RtpHeader.TryParse(bytes, out var header, out var offset, out var length))
            return true;
        return header.Version == 2 && offset >= RtpHeader.FixedLength && length >= 0 && offset + length <= bytes.Length;
    }

    [Property(MaxTest = 2000)]
    public Property RandomPacketsAfterAVersion2Byte_NeverThrow()
    {
        var packets = Gen.Choose(0x80, 0xBF).SelectMany(
            first => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(rest => (byte[])[(byte)first, .. rest]));
        return Prop.ForAll(packets.ToArbitrary(), p =>
            !RtpHeader.TryParse(p, out _, out var offset, out var length) || offset + length <= p.Length);
    }

    [Property]
    public bool AnyHeader_RoundTrips(byte payloadType, ushort sequence, uint timestamp, uint ssrc, bool marker)
    {
        var header = new RtpHeader((byte)(payloadType & 0x7F), sequence, timestamp, ssrc, marker);
        Span<byte> bytes = stackalloc byte[12];
        header.WriteTo(bytes);
        return RtpHeader.TryParse(bytes, out var parsed, out _, out _) && parsed == header;
    }

    /// <summary>A version 2 packet whose payload bytes are 0xAA and padding bytes are zero but the count.</summary>
    private static byte[] Packet(int csrcs = 0, int? extensionWords = null, int payload = 0, int padding = 0)
    {
        var headerLength = 12 + 4 * csrcs + (extensionWords is { } words ? 4 + 4 * words : 0);
        var packet = new byte[headerLength + payload + padding];
        packet[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (extensionWords is null ? 0 : 0x10) | csrcs);
        packet[1] = RtpPayloadTypes.Opus;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1234);
        if (extensionWords is { } count)
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12 + 4 * csrcs + 2), (ushort)count);
        packet.AsSpan(headerLength, payload).Fill(0xAA);
        if (padding > 0)
            packet[^1] = (byte)padding;
        return packet;
    }
}
