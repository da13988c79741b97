using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sala.Registry.Redis;

/// <summary>Where a Redis store lives, as <c>sala server --store redis://HOST[:PORT][/DB]</c> takes it.</summary>
public sealed record RedisStoreAddress(string Host, int Port, int Database)
{
    public const int DefaultPort = 6379;

    private const string Scheme = "redis://";

    public override string ToString() =>
        $"{Scheme}{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}{(Database == 0 ? "" : $"/{Database}")}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out RedisStoreAddress? address, out string? whyNot)
    {
        address = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || !text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            whyNot = $"'{text}' is not redis://HOST:PORT[/DB]";
            return false;
        }
        var rest = text[Scheme.Length..];
        var database = 0;
        var slash = rest.IndexOf('/', rest.StartsWith('[') ? Math.Max(rest.IndexOf(']'), 0) : 0);
        if (slash >= 0)
        {
            var dbText = rest[(slash + 1)..];
            if (!int.TryParse(dbText, NumberStyles.None, CultureInfo.InvariantCulture, out database))
            {
                whyNot = $"'{text}': the database after '/' must be a number such as 0";
                return false;
            }
            rest = rest[..slash];
        }
        if (rest.Contains('@'))
        {
            whyNot = $"'{text}': credentials in the URL are not supported";
            return false;
        }
        if (!RegistryAddress.TryParse(rest, out var hostPort, out var why))
        {
            whyNot = $"'{text}': {why}";
            return false;
        }
        var port = HasPort(rest) ? hostPort.Port : DefaultPort;
        address = new RedisStoreAddress(hostPort.Host, port, database);
        whyNot = null;
        return true;
    }

    private static bool HasPort(string hostPort) =>
        hostPort.StartsWith('[') ? hostPort.Contains("]:", StringComparison.Ordinal) : hostPort.Count(c => c == ':') == 1;
}
