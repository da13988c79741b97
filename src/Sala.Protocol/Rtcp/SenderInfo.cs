using System.Buffers.Binary;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// The sender information section of an SR (RFC 3550 §6.4.1): when it was sent on the NTP clock and on the RTP clock,
/// and how many packets and payload octets the sender has sent since it started. 20 bytes on the wire.
/// </summary>
/// <param name="NtpTimestamp">Wall-clock time the report was sent; its middle 32 bits come back as LSR.</param>
/// <param name="RtpTimestamp">The same instant in the units of the RTP timestamps of the stream.</param>
/// <param name="PacketCount">RTP data packets sent since the start of transmission.</param>
/// <param name="OctetCount">RTP payload octets (headers and padding excluded) sent since the start.</param>
public readonly record struct SenderInfo(NtpTimestamp NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Length = 20;

    internal void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NtpTimestamp.Value);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], OctetCount);
    }

    internal static SenderInfo Read(ReadOnlySpan<byte> source) => new(
        new NtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(source)),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[16..]));
}
