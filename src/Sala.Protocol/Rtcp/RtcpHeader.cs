using System.Buffers.Binary;

namespace Sala.Protocol.Rtcp;

/// <summary>The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1): V=2, P, a 5-bit count, PT, length.</summary>
internal static class RtcpHeader
{
    public const int Length = 4;

    public const int Version = 2;

    /// <summary>Writes a header without padding; <paramref name="packetLength"/> is a multiple of 4, header included.</summary>
    public static void Write(Span<byte> destination, int count, RtcpPacketType type, int packetLength)
    {
        destination[0] = (byte)((Version << 6) | count);
        destination[1] = (byte)type;
        // The length field counts 32-bit words minus one, so that zero is a valid header-only packet.
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(packetLength / 4 - 1));
    }

    /// <summary>Bytes in the packet whose header starts <paramref name="source"/>, header included.</summary>
    public static int PacketLength(ReadOnlySpan<byte> source) => (BinaryPrimitives.ReadUInt16BigEndian(source[2..]) + 1) * 4;
}
