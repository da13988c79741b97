using System.Globalization;

namespace Sala.Testing.Nat;

/// <summary>
/// The line a client prints once its call connects: <c>call path: PATH, set up in N ms</c>, where PATH is
/// <c>direct (IP:PORT)</c> (IPv6 as <c>[addr]:port</c>), <c>direct through NAT (IP:PORT)</c> or
/// <c>relayed via HOST:PORT</c>. The end-of-call line repeats <c>path: PATH</c>.
/// </summary>
public sealed record CallPathLine(string Path, int SetupMilliseconds)
{
    public const string Prefix = "call path: ";
    private const string SetUpIn = ", set up in ";

    public bool IsRelayed => Path.StartsWith("relayed via ", StringComparison.Ordinal);

    public bool IsDirect => Path.StartsWith("direct", StringComparison.Ordinal);

    public bool IsThroughNat => Path.StartsWith("direct through NAT (", StringComparison.Ordinal);

    /// <summary>The <c>call path:</c> line of a client's output, or null when it printed none (or a malformed one).</summary>
    public static CallPathLine? In(IEnumerable<string> output)
    {
        foreach (var line in output)
        {
            if (TryParse(line, out var parsed))
                return parsed;
        }

        return null;
    }

    public static bool TryParse(string line, out CallPathLine? parsed)
    {
        parsed = null;
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var setUp = line.LastIndexOf(SetUpIn, StringComparison.Ordinal);
        if (setUp < 0 || !line.EndsWith(" ms", StringComparison.Ordinal))
            return false;
        var figure = line.AsSpan(setUp + SetUpIn.Length, line.Length - " ms".Length - setUp - SetUpIn.Length);
        if (!int.TryParse(figure, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            return false;
        parsed = new CallPathLine(line[Prefix.Length..setUp], milliseconds);
        return true;
    }
}
