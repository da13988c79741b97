using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Sala.Protocol.Stun;

/// <summary>
/// The XOR-...-ADDRESS encoding (RFC 8489 §14.2): the port XOR the cookie's top half, the address XOR the cookie
/// (IPv4) or the cookie and the transaction id (IPv6), so NATs that rewrite addresses in payloads leave it alone.
/// </summary>
internal static class StunAddress
{
    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    /// <summary>Reads an XOR address; <paramref name="cookieAndTransaction"/> is bytes 4-19 of the message.</summary>
    public static bool TryReadXor(ReadOnlySpan<byte> value, ReadOnlySpan<byte> cookieAndTransaction, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
            return false;
        var size = value[1] switch
        {
            FamilyIPv4 => 4,
            FamilyIPv6 => 16,
            _ => 0,
        };
        if (size == 0 || value.Length != 4 + size)
            return false;
        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (ushort)(StunMessage.MagicCookie >> 16);
        Span<byte> address = stackalloc byte[size];
        for (var i = 0; i < size; i++)
            address[i] = (byte)(value[4 + i] ^ cookieAndTransaction[i]);
        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    public static int WriteXor(IPEndPoint endPoint, ReadOnlySpan<byte> cookieAndTransaction, Span<byte> destination)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var size = address.AddressFamily == AddressFamily.InterNetwork ? 4 : 16;
        destination[0] = 0;
        destination[1] = size == 4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(endPoint.Port ^ (ushort)(StunMessage.MagicCookie >> 16)));
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        for (var i = 0; i < size; i++)
            destination[4 + i] = (byte)(bytes[i] ^ cookieAndTransaction[i]);
        return 4 + size;
    }
}
