using System.Buffers.Binary;

namespace Sala.Cli.Tests;

/// <summary>
/// Writes UDP payloads as a classic pcap file of Ethernet/IPv4/UDP frames, 20 ms apart: the input GStreamer's
/// <c>pcapparse</c> reads (it takes IPv4 only, and a call on this machine may well go over IPv6).
/// </summary>
internal static class PcapWriter
{
    public static void Write(string path, IEnumerable<byte[]> payloads, ushort sourcePort, ushort destinationPort)
    {
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1); // LINKTYPE_ETHERNET
        file.Write(header);
        var index = 0;
        Span<byte> record = stackalloc byte[16];
        foreach (var payload in payloads)
        {
            var frame = new byte[14 + 20 + 8 + payload.Length];
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
            var ip = frame.AsSpan(14, 20);
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload.Length));
            ip[8] = 64;
            ip[9] = 17; // UDP
            ip[12] = 127; ip[15] = 1;
            ip[16] = 127; ip[19] = 1;
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip));
            var udp = frame.AsSpan(34, 8);
            BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length)); // checksum 0: none (IPv4)
            payload.CopyTo(frame, 42);

            var micros = index++ * 20_000L;
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(micros / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(micros % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            file.Write(record);
            file.Write(frame);
        }
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i < header.Length; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        while (sum > 0xffff)
            sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }
}
