using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sala.Calls.Connectivity;

/// <summary>A TURN relay and the long-term credentials to use it (RFC 8656), from the registry or from --turn.</summary>
public sealed record TurnServer(string Host, int Port, string Username, string Password)
{
    public const int DefaultPort = 3478;

    /// <summary>Parses <c>turn:USER:PASS@HOST[:PORT]</c> (the password may hold ':'; the last '@' ends it).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out TurnServer? server, [NotNullWhen(false)] out string? error)
    {
        server = null;
        error = "expected turn:USER:PASS@HOST[:PORT]";
        if (!text.StartsWith("turn:", StringComparison.OrdinalIgnoreCase))
            return false;
        var rest = text[5..];
        var at = rest.LastIndexOf('@');
        if (at <= 0)
            return false;
        var credentials = rest[..at];
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == credentials.Length - 1)
            return false;
        var address = rest[(at + 1)..];
        string host;
        string? portText = null;
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                return false;
            host = address[1..close];
            if (address.Length > close + 1)
            {
                if (address[close + 1] != ':')
                    return false;
                portText = address[(close + 2)..];
            }
        }
        else if (address.Count(c => c == ':') == 1)
        {
            host = address[..address.IndexOf(':', StringComparison.Ordinal)];
            portText = address[(host.Length + 1)..];
        }
        else
        {
            host = address; // a name, an IPv4 address, or a bare IPv6 one
        }
        var port = DefaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = "the TURN port must be 1 to 65535";
            return false;
        }
        if (host.Length == 0)
            return false;
        server = new TurnServer(host, port, credentials[..colon], credentials[(colon + 1)..]);
        error = null;
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
