using System.Buffers.Binary;
using System.Text;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// The smallest SDES packet a compound RTCP packet needs (RFC 3550 §6.1, §6.5): one chunk for the sender's SSRC with
/// only its CNAME item, ended by null octets up to the next 32-bit boundary.
/// </summary>
internal static class CanonicalNameChunk
{
    /// <summary>An SDES item's text is at most 255 octets: its length is one byte (RFC 3550 §6.5).</summary>
    public const int MaxNameBytes = 255;

    private const byte CnameItem = 1;

    /// <summary>Bytes of the SDES packet for a CNAME of <paramref name="canonicalName"/>; throws if it cannot be sent.</summary>
    public static int Length(string canonicalName)
    {
        ArgumentNullException.ThrowIfNull(canonicalName);
        var nameBytes = Encoding.UTF8.GetByteCount(canonicalName);
        if (nameBytes is 0 or > MaxNameBytes)
        {
            throw new ArgumentException(
                $"A CNAME is 1 to {MaxNameBytes} bytes of UTF-8, not {nameBytes}.", nameof(canonicalName));
        }
        // Header and SSRC, then type, length and text, then at least one null octet, padded to a word (§6.5).
        return RtcpHeader.Length + 4 + ((2 + nameBytes + 1 + 3) & ~3);
    }

    public static int Write(Span<byte> destination, uint ssrc, string canonicalName)
    {
        var length = Length(canonicalName);
        var packet = destination[..length];
        RtcpHeader.Write(packet, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        packet[8] = CnameItem;
        var nameBytes = Encoding.UTF8.GetBytes(canonicalName, packet[10..]);
        packet[9] = (byte)nameBytes;
        packet[(10 + nameBytes)..].Clear();
        return length;
    }
}
