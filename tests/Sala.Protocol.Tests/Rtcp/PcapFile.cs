using System.Buffers;
using System.Buffers.Binary;

namespace Sala.Protocol.Tests.Rtcp;

/// <summary>
/// A classic libpcap capture file (microsecond timestamps, little-endian) of IPv4/UDP datagrams with no link layer
/// (LINKTYPE_RAW, 101), every header built here so that a dissector sees exactly the bytes under test.
/// </summary>
internal sealed class PcapFile
{
    private const int LinkTypeRaw = 101;
    private const int IpHeaderLength = 20;
    private const int UdpHeaderLength = 8;

    private readonly ArrayBufferWriter<byte> _file = new();

    public PcapFile()
    {
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        // thiszone and sigfigs stay zero.
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeRaw);
        _file.Write<byte>(header);
    }

    public void AddUdp(TimeSpan time, byte[] source, ushort sourcePort, byte[] destination, ushort destinationPort, byte[] payload)
    {
        var packet = new byte[IpHeaderLength + UdpHeaderLength + payload.Length];
        var ip = packet.AsSpan(0, IpHeaderLength);
        ip[0] = 0x45; // IPv4, 5 words of header
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)packet.Length);
        ip[8] = 64; // TTL
        ip[9] = 17; // UDP
        source.CopyTo(ip[12..]);
        destination.CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));

        var udp = packet.AsSpan(IpHeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udp.Length);
        payload.CopyTo(udp[UdpHeaderLength..]);
        // The UDP checksum covers a pseudo-header of addresses, protocol and length (RFC 768).
        uint pseudo = (uint)(17 + udp.Length);
        for (var i = 0; i < 4; i += 2)
            {
            pseudo += BinaryPrimitives.ReadUInt16BigEndian(source.AsSpan(i));
            pseudo += BinaryPrimitives.ReadUInt16BigEndian(destination.AsSpan(i));
        }
        var checksum = Checksum(udp, pseudo);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);

        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(time.Ticks / TimeSpan.TicksPerSecond));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(time.Ticks % TimeSpan.TicksPerSecond / 10));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)packet.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)packet.Length);
        _file.Write<byte>(record);
        _file.Write<byte>(packet);
    }

    public byte[] ToArray() => _file.WrittenSpan.ToArray();

    /// <summary>The Internet checksum (RFC 1071): the one's complement of the one's complement sum of 16-bit words.</summary>
    private static ushort Checksum(ReadOnlySpan<byte> data, uint sum)
    {
        for (var i = 0; i + 1 < data.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (data.Length % 2 == 1)
            sum += (uint)data[^1] << 8;
        while (sum >> 16 != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
