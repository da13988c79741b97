using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sala.Registry;

/// <summary>
/// A registry server address as a user types it: <c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or a bare IPv6
/// literal, each optionally after <c>tls://</c> for a registry that speaks TLS (<see cref="Tls"/>).
/// </summary>
public sealed record RegistryAddress(string Host, int Port, bool Tls = false)
{
    public const string TlsScheme = "tls://";

    /// <summary><c>host:port</c> (<c>[v6]:port</c>), without the scheme: what a client pins a certificate to.</summary>
    public string HostPort => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public override string ToString() => Tls ? TlsScheme + HostPort : HostPort;

    public static bool TryParse(string? text, [NotNullWhen(true)] out RegistryAddress? address, out string? whyNot)
    {
        address = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            whyNot = "the server address is empty";
            return false;
        }
        var tls = text.StartsWith(TlsScheme, StringComparison.OrdinalIgnoreCase);
        if (tls)
        {
            text = text[TlsScheme.Length..];
        }
        else if (text.IndexOf("://", StringComparison.Ordinal) is > 0 and var schemeEnd)
        {
            whyNot = $"'{text[..schemeEnd]}://' is not a registry scheme: write HOST[:PORT], or tls://HOST[:PORT] for a registry that speaks TLS";
            return false;
        }
        string host;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                whyNot = $"'{text}' has '[' without ']'";
                return false;
            }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    whyNot = $"'{text}': expected ':port' after ']'";
                    return false;
                }
                portText = rest[1..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':');
            host = text[..colon];
            portText = text[(colon + 1)..];
        }
        else
        {
            host = text;
        }
        var port = RegistryServerOptions.DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            whyNot = $"'{portText}' is not a port (1 to 65535)";
            return false;
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            whyNot = $"'{text}' has no host name or address";
            return false;
        }
        address = new RegistryAddress(host, port, tls);
        whyNot = null;
        return true;
    }
}
