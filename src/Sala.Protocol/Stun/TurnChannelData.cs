using System.Buffers.Binary;

namespace Sala.Protocol.Stun;

/// <summary>
/// TURN's ChannelData framing (RFC 8656 §12.4): a channel number 0x4000-0x4FFF, the data length, the data. Four bytes
/// of overhead instead of a Send indication's 36; first byte 64-79 on the wire (RFC 7983).
/// </summary>
public static class TurnChannelData
{
    public const int HeaderSize = 4;
    public const ushort FirstChannel = 0x4000;
    public const ushort LastChannel = 0x4FFF;

    public static bool IsChannelNumber(ushort channel) => channel is >= FirstChannel and <= LastChannel;

    /// <summary>Reads a ChannelData message; false when it is not one or its length field does not fit the datagram.</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out ushort channel, out ReadOnlySpan<byte> data)
    {
        channel = 0;
        data = default;
        if (datagram.Length < HeaderSize)
            return false;
        channel = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        // Over UDP the padding to four bytes is optional (§12.5), so the datagram may be longer than the data.
        if (!IsChannelNumber(channel) || length > datagram.Length - HeaderSize)
            return false;
        data = datagram.Slice(HeaderSize, length);
        return true;
    }

    /// <summary>Writes the header and <paramref name="data"/>; returns the bytes written (no padding, as UDP allows).</summary>
    public static int Write(ushort channel, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)data.Length);
        data.CopyTo(destination[HeaderSize..]);
        return HeaderSize + data.Length;
    }
}
