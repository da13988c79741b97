using System.Diagnostics.Metrics;
using Sala.Calls.Media;
using Sala.Protocol.Calls;

namespace Sala.Cli.Client;

/// <summary>
/// The client's call figures as instruments (meter <see cref="MeterName"/>), for <c>sala client --metrics-port</c>:
/// calls connected and ended, and gauges of the call in progress, or of the last one when none is. The gauges are
/// read when scraped, from the figures the panel reads too: the audio loop does nothing more for them.
/// </summary>
internal sealed class ClientMetrics : IDisposable
{
    public const string MeterName = "Sala.Client";

    private readonly Meter _meter = new(MeterName);
    private readonly Func<MediaStatistics?> _current;
    private readonly Counter<long> _connected;
    private readonly Counter<long> _ended;
    private volatile MediaStatistics? _last;
    private volatile bool _inCall;

    public ClientMetrics(Func<MediaStatistics?> current)
    {
        _current = current;
        _connected = _meter.CreateCounter<long>("sala.client.calls.connected", "{call}", "Calls that connected");
        _ended = _meter.CreateCounter<long>("sala.client.calls.ended", "{call}", "Calls that ended, by reason");
        _meter.CreateObservableGauge("sala.call.active", () => _inCall ? 1 : 0, "{call}", "1 while a call is connected");
        Gauge("sala.call.duration", "s", "Length of the current (or last) call", s => s.Duration.TotalSeconds);
        Gauge("sala.call.packets.sent", "{packet}", "RTP packets sent in the current (or last) call", s => s.PacketsSent);
        Gauge("sala.call.packets.received", "{packet}", "RTP packets received in the current (or last) call", s => s.PacketsReceived);
        Gauge("sala.call.jitter", "s", "Mean interarrival jitter of the peer's stream in the current (or last) call", s => s.MeanJitter.TotalSeconds);
        Gauge("sala.call.round_trip", "s", "Round trip from the peer's last RTCP report (0 before one came)",
            s => s.RoundTrip?.TotalSeconds ?? 0);
        Gauge("sala.call.peer_loss", null, "Share of this side's packets the peer reported lost (RTCP)", s => s.PeerLossFraction ?? 0);
    }

    public void CallConnected()
    {
        _inCall = true;
        _connected.Add(1);
    }

    public void CallEnded(CallEndReason reason, MediaStatistics? media)
    {
        _inCall = false;
        _last = media ?? _last;
        _ended.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)));
    }

    public void Dispose() => _meter.Dispose();

    private void Gauge(string name, string? unit, string description, Func<MediaStatistics, double> figure) =>
        _meter.CreateObservableGauge(name, () =>
        {
            var figures = _current() ?? _last;
            return figures is null ? [] : new[] { new Measurement<double>(figure(figures)) };
        }, unit, description);

    /// <summary><c>HungUpByPeer</c> as Prometheus labels read: <c>hung_up_by_peer</c>.</summary>
    private static string ReasonTag(CallEndReason reason)
    {
        var name = reason.ToString();
        var tag = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                tag.Append('_');
            tag.Append(char.ToLowerInvariant(name[i]));
        }
        return tag.ToString();
    }
}
