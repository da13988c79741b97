using System.Diagnostics.Metrics;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// The registry's instruments (meter <see cref="MeterName"/>), one set per server. Nothing here formats or allocates:
/// tag values are constant strings, and an instrument nobody listens to returns at its first check. What exports them
/// (Prometheus, for <c>sala server --metrics-port</c>) is the executable's business.
/// </summary>
public sealed class RegistryMetrics : IDisposable
{
    public const string MeterName = "Sala.Registry";

    /// <summary>From 100 µs (an in-memory GET) to 1 s (a Redis that stalls), in seconds as Prometheus expects.</summary>
    private static readonly double[] DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly string[] CommandTags = Enum.GetValues<RegistryCommand>()
        .Select(c => c.ToString().ToLowerInvariant()).ToArray();

    private const string InvalidCommandTag = "invalid";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _refused;
    private readonly UpDownCounter<long> _registrations;
    private readonly Counter<long> _storeRoundTrips;
    private readonly Counter<long> _storeFailures;
    private readonly Counter<long> _offers;

    public RegistryMetrics(Func<int> openConnections)
    {
        _meter.CreateObservableGauge("sala.registry.connections", openConnections, "{connection}", "Connections open now");
        _registrations = _meter.CreateUpDownCounter<long>("sala.registry.registrations", "{registration}",
            "Names registered through this server's connections now");
        _requests = _meter.CreateCounter<long>("sala.registry.requests", "{request}",
            "Requests answered, by command and outcome (ok, or the ERR code in lower case)");
        _requestDuration = _meter.CreateHistogram("sala.registry.request.duration", "s",
            "Time from a request's line to its reply written (the store's round trip included), by command",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _rateLimited = _meter.CreateCounter<long>("sala.registry.rate_limited", "{request}",
            "Requests refused ERR RATE_LIMITED, by limit: requests (per connection), sender, recipient, backlog (SEND)");
        _refused = _meter.CreateCounter<long>("sala.registry.connections.refused", "{connection}",
            "Connections refused ERR BUSY, by limit: total or per_address");
        _storeRoundTrips = _meter.CreateCounter<long>("sala.registry.store.round_trips", "{operation}",
            "Operations on the store (memory or Redis), by operation");
        _storeFailures = _meter.CreateCounter<long>("sala.registry.store.failures", "{operation}",
            "Store operations that failed (the store unreachable or too slow), by operation");
        _offers = _meter.CreateCounter<long>("sala.registry.offers", "{message}",
            "Call offers (SEND) relayed, by outcome: sent, not_found, rate_limited");
    }

    public static string CommandTag(RegistryCommand? command) =>
        command is { } known ? CommandTags[(int)known] : InvalidCommandTag;

    /// <summary>Whether anything collects the request duration histogram: requests are timed only then.</summary>
    internal bool TimesRequests => _requestDuration.Enabled;

    internal void RequestAnswered(string command, string outcome, TimeSpan duration)
    {
        _requests.Add(1, new("command", command), new("outcome", outcome));
        _requestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("command", command));
    }

    internal void RateLimited(string limit) => _rateLimited.Add(1, new KeyValuePair<string, object?>("limit", limit));

    internal void Refused(string limit) => _refused.Add(1, new KeyValuePair<string, object?>("limit", limit));

    internal void Registered() => _registrations.Add(1);

    internal void Unregistered() => _registrations.Add(-1);

    internal void StoreRoundTrip(string operation) => _storeRoundTrips.Add(1, new KeyValuePair<string, object?>("operation", operation));

    internal void StoreFailed(string operation) => _storeFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));

    internal void Offer(string outcome) => _offers.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => _meter.Dispose();
}
