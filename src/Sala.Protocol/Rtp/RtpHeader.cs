using System.Buffers.Binary;

namespace Sala.Protocol.Rtp;

/// <summary>
/// The RTP fixed header (RFC 3550 §5.1). Parsing reads it in place with no allocation; the CSRC list and the header
/// extension are skipped (counted in <see cref="HeaderLength"/>), not copied.
/// </summary>
public readonly record struct RtpHeader
{
    /// <summary>Bytes in the fixed header, without CSRCs or extension.</summary>
    public const int FixedLength = 12;

    public const int RtpVersion = 2;

    /// <summary>A header to send: version 2, no padding, no extension, no CSRC.</summary>
    public RtpHeader(byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        Version = RtpVersion;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Marker = marker;
        HeaderLength = FixedLength;
    }

    private RtpHeader(
        byte firstByte, byte secondByte, ushort sequenceNumber, uint timestamp, uint ssrc, int headerLength)
    {
        Version = firstByte >> 6;
        HasPadding = (firstByte & 0x20) != 0;
        HasExtension = (firstByte & 0x10) != 0;
        CsrcCount = firstByte & 0x0F;
        Marker = (secondByte & 0x80) != 0;
        PayloadType = (byte)(secondByte & 0x7F);
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        HeaderLength = headerLength;
    }

    public int Version { get; }

    public bool HasPadding { get; }

    public bool HasExtension { get; }

    public int CsrcCount { get; }

    public bool Marker { get; }

    public byte PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    /// <summary>Bytes before the payload: the fixed header, the CSRC list and the extension with its own header.</summary>
    public int HeaderLength { get; }

    /// <summary>
    /// Reads the header of <paramref name="datagram"/> and locates its payload, padding removed. Returns false, never
    /// throws, for anything that is not a well-formed version 2 packet: too short for its CSRC list or extension, or a
    /// padding count of zero or longer than what follows the header (RFC 3550 §5.1, §5.3.1).
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> datagram, out RtpHeader header, out int payloadOffset, out int payloadLength)
    {
        header = default;
        payloadOffset = 0;
        payloadLength = 0;
        if (datagram.Length < FixedLength || datagram[0] >> 6 != RtpVersion)
            return false;

        var first = datagram[0];
        var headerLength = FixedLength + 4 * (first & 0x0F);
        if ((first & 0x10) != 0)
        {
            // The extension's own 4-byte header carries its length in 32-bit words, itself excluded (§5.3.1).
            if (datagram.Length < headerLength + 4)
                return false;
            headerLength += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(datagram[(headerLength + 2)..]);
        }
        if (datagram.Length < headerLength)
            return false;

        var end = datagram.Length;
        if ((first & 0x20) != 0)
        {
            // The last byte counts the padding, itself included, so it is at least 1.
            var padding = datagram[^1];
            if (padding == 0 || padding > end - headerLength)
                return false;
            end -= padding;
        }

        header = new RtpHeader(
            first,
            datagram[1],
            BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]),
            headerLength);
        payloadOffset = headerLength;
        payloadLength = end - headerLength;
        return true;
    }

    /// <summary>
    /// Writes this header as the 12-byte fixed header, version 2, with no padding, extension or CSRC whatever was
    /// parsed; returns <see cref="FixedLength"/>.
    /// </summary>
    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < FixedLength)
            throw new ArgumentException($"An RTP header needs {FixedLength} bytes.", nameof(destination));
        destination[0] = RtpVersion << 6;
        destination[1] = (byte)((Marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        return FixedLength;
    }
}
