namespace Sala.Bench.Nat;

/// <summary>What the calls of one pair gave: how many connected, the paths printed, the setup times of both sides.</summary>
internal sealed class PairFigures(NatPair pair)
{
    private readonly List<int> _setupMilliseconds = [];
    private readonly SortedSet<string> _paths = new(StringComparer.Ordinal);

    public NatPair Pair { get; } = pair;

    public int Calls { get; private set; }

    public int Connected { get; private set; }

    public string? Problem { get; set; }

    /// <summary>The paths seen, with the address of a direct path dropped (ports differ from call to call).</summary>
    public string Paths => _paths.Count == 0 ? "-" : string.Join(" / ", _paths);

    public string MedianSetup => _setupMilliseconds.Count == 0 ? "-" : $"{Median(_setupMilliseconds):0} ms";

    public void Add(NatCallResult call)
    {
        Calls++;
        if (call.CallerExitCode == 0 && call.CalleeExitCode == 0)
            Connected++;
        foreach (var path in new[] { call.CallerPath, call.CalleePath })
        {
            if (path is null)
                continue;
            _paths.Add(Kind(path.Path));
            _setupMilliseconds.Add(path.SetupMilliseconds);
        }
    }

    private static string Kind(string path)
    {
        if (path.StartsWith("relayed via ", StringComparison.Ordinal))
            return path;
        var open = path.IndexOf(" (", StringComparison.Ordinal);
        if (open < 0)
            return path;
        // "direct ([2001:db8:100::31]:40000)" -> "direct (IPv6)", "direct (10.1.0.3:5000)" -> "direct (10.1.0.3)".
        var endPoint = path[(open + 2)..].TrimEnd(')');
        var host = endPoint.StartsWith('[') ? "IPv6" : endPoint[..Math.Max(0, endPoint.LastIndexOf(':'))];
        return $"{path[..open]} ({host})";
    }

    private static double Median(List<int> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
