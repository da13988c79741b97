using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sala.Cli.Tests.Metrics;

/// <summary>One scrape of a <c>/metrics</c> page in Prometheus's text format, with its samples looked up by name and labels.</summary>
internal sealed class PrometheusScrape
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private PrometheusScrape(string text) => Text = text;

    public string Text { get; }

    public static async Task<PrometheusScrape> FromAsync(int port) =>
        new(await Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")));

    /// <summary>A port free now, for a listener that cannot be asked for port 0 (HttpListener).</summary>
    public static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The sample named <paramref name="name"/> carrying every label given (others may be there too); 0 when none is.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var matches = Samples(name, labels).ToList();
        return matches.Count switch
        {
            0 => 0,
            1 => matches[0],
            _ => throw new InvalidOperationException($"{matches.Count} samples of {name} match; add labels"),
        };
    }

    /// <summary>The sum over every sample of <paramref name="name"/> that carries the labels given.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Samples(name, labels).Sum();

    private IEnumerable<double> Samples(string name, (string Label, string Value)[] labels)
    {
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
                continue;
            var rest = line[name.Length..];
            if (!(rest.StartsWith('{') || rest.StartsWith(' ')))
                continue;
            if (!labels.All(l => rest.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
                continue;
            yield return double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }
}
