using System.Buffers.Binary;

namespace Sala.Protocol.Rtcp;

/// <summary>The BYE a source sends when it leaves (RFC 3550 §6.6): one SSRC, no reason text. 8 bytes.</summary>
internal static class Goodbye
{
    public const int Length = RtcpHeader.Length + 4;

    public static int Write(Span<byte> destination, uint ssrc)
    {
        RtcpHeader.Write(destination, 1, RtcpPacketType.Goodbye, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[RtcpHeader.Length..], ssrc);
        return Length;
    }
}
