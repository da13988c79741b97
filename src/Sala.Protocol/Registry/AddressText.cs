using System.Net;
using System.Net.Sockets;

namespace Sala.Protocol.Registry;

/// <summary>Strict IP and port literals: IPAddress.TryParse alone would take "1" as 0.0.0.1.</summary>
public static class AddressText
{
    private const int MaxAddressChars = 64;

    public static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
            return IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        return IsDottedQuad(text) && IPAddress.TryParse(text, out address!);
    }

    /// <summary>The same literal as UTF-8 bytes, as it stands in a registry line; anything but ASCII is no address.</summary>
    public static bool TryParseAddress(ReadOnlySpan<byte> text, out IPAddress address)
    {
        address = IPAddress.None;
        // The longest IPv6 literal with a scope is well under this; longer text is no address.
        Span<char> chars = stackalloc char[MaxAddressChars];
        if (text.Length > chars.Length || System.Text.Ascii.ToUtf16(text, chars, out var written) != System.Buffers.OperationStatus.Done)
            return false;
        return TryParseAddress(chars[..written], out address);
    }

    public static bool TryParsePort(ReadOnlySpan<byte> text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5)
            return false;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
            port = port * 10 + (b - '0');
        }
        return port is >= 1 and <= 65535;
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            parts++;
            if (parts > 4 || part.Length is 0 or > 3 || !int.TryParse(part, out var value) || value > 255)
                return false;
            foreach (var c in part)
            {
                if (c is < '0' or > '9')
                    return false;
            }
        }
        return parts == 4;
    }
}
