using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Sala.Cli.Metrics;

/// <summary>
/// <c>http://HOST:PORT/metrics</c> on every interface, in Prometheus's text format: the instruments of the meters
/// named, exported by OpenTelemetry's Prometheus exporter on its own <see cref="System.Net.HttpListener"/>. Each scrape
/// collects afresh (no response cache), so a scrape right after a request already counts it.
/// </summary>
internal sealed class PrometheusEndpoint : IDisposable
{
    private readonly MeterProvider _provider;

    private PrometheusEndpoint(MeterProvider provider, int port)
    {
        _provider = provider;
        Port = port;
    }

    public int Port { get; }

    /// <summary><paramref name="service"/> names the process in <c>target_info</c> (<c>service_name</c>).</summary>
    public static PrometheusEndpoint Start(string service, int port, params string[] meters)
    {
        var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService(service))
            .AddMeter(meters)
            .AddPrometheusHttpListener(options =>
            {
                options.Port = port;
                // Every interface, as Prometheus scrapes from elsewhere: the option's Host must be a host name, so
                // the listener's prefix is set directly ("+" matches any Host header on any address).
                options.ConfigureHttpListener = (_, listener) =>
                {
                    listener.Prefixes.Clear();
                    listener.Prefixes.Add($"http://+:{port}/");
                };
                options.ScrapeEndpointPath = "/metrics";
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();
        return new PrometheusEndpoint(provider, port);
    }

    public void Dispose() => _provider.Dispose();
}
