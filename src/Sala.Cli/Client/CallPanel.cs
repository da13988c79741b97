using System.Globalization;
using Sala.Calls.Media;
using Sala.Calls.Security;
using Sala.Protocol.Calls;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sala.Cli.Client;

/// <summary>The live call panel: who, how long, the path, levels, codec, loss, jitter, round trip, buffer, privacy, keys.</summary>
internal static class CallPanel
{
    private const int MeterWidth = 20;
    private const double MeterFloorDb = -60;

    /// <summary><paramref name="path"/>: how the call travels and how long finding the way took.</summary>
    public static IRenderable Render(CallInfo call, CallSecurityInfo security, MediaStatistics? media, bool muted,
        IReadOnlyList<string>? notices = null, string? path = null)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]duration[/]", Markup.Escape(DurationText.Format(media?.Duration ?? TimeSpan.Zero)));
        if (path is not null)
            grid.AddRow("[grey]path[/]", Markup.Escape(path));
        grid.AddRow("[grey]microphone[/]", Meter(media?.MicrophoneLevel ?? 0) + (muted ? " [red bold]MUTED[/]" : ""));
        grid.AddRow("[grey]speaker[/]", Meter(media?.SpeakerLevel ?? 0));
        if (media is not null)
        {
            grid.AddRow("[grey]codec[/]", Markup.Escape(Invariant($"{media.Codec}, {media.SendBitsPerSecond / 1000:0.0} kbit/s sent on the wire")));
            grid.AddRow("[grey]loss[/]", Invariant($"{media.Lost} packets ({media.LossFraction * 100:0.0} %), {media.Concealed} concealed")
                + (media.PeerLossFraction is { } peerLoss ? Invariant($"; the other side lost {peerLoss * 100:0.0} % of ours") : ""));
            if (media.FramesNotSent > 0 || media.ComfortNoise > 0)
            {
                grid.AddRow("[grey]pauses (DTX)[/]",
                    Invariant($"{media.FramesNotSent} frames not sent; {media.ComfortNoise} of comfort noise played, not counted as loss"));
            }
            grid.AddRow("[grey]not played[/]", Markup.Escape(ClientView.NotPlayed(media.Discarded)));
            grid.AddRow("[grey]jitter[/]", Invariant($"{media.Playout.Jitter.TotalMilliseconds:0.0} ms"));
            grid.AddRow("[grey]round trip[/]", media.RoundTrip is { } rtt ? Invariant($"{rtt.TotalMilliseconds:0} ms") : "[grey]measuring[/]");
            grid.AddRow("[grey]jitter buffer[/]",
                Invariant($"{media.Playout.BufferedDelay.TotalMilliseconds:0} ms (target {media.Playout.TargetDelay.TotalMilliseconds:0} ms)"));
            grid.AddRow("[grey]microphone cleaning[/]", Markup.Escape(media.VoiceProcessing ?? "off"));
            grid.AddRow("[grey]clock[/]", Markup.Escape(Invariant(
                $"paced by {media.PacedBy} in {media.FrameMilliseconds} ms frames; {media.DriftCorrections} frames stretched to follow a clock, {media.Playout.Dropped + media.Playout.Stretched} frames dropped or added in pauses")));
        }
        grid.AddRow("[grey]privacy[/]", security.Encrypted
            ? $"[green]encrypted[/]{(security.PostQuantum ? ", post-quantum" : "")}, code [bold]{Markup.Escape(security.ShortAuthenticationString ?? "")}[/] (the same on both sides?)"
            : "[red bold]NOT ENCRYPTED[/]");
        foreach (var notice in notices ?? [])
            grid.AddRow("[yellow]notice[/]", $"[yellow]{Markup.Escape(notice)}[/]");
        return new Panel(new Rows(grid, new Markup(
                $"[bold]{ClientView.HangUpKey}[/] hang up   [bold]{ClientView.MuteKey}[/] {(muted ? "unmute" : "mute")}")))
            .Header($"[bold] call with {Markup.Escape(call.PeerName)} [/]")
            .Border(BoxBorder.Rounded);
    }

    /// <summary>A level meter on a dB scale, -60 dBFS (empty) to 0 dBFS (full), as level meters usually read.</summary>
    public static string Meter(double rms)
    {
        var db = rms > 0 ? 20 * Math.Log10(rms) : MeterFloorDb;
        var filled = (int)Math.Round(Math.Clamp((db - MeterFloorDb) / -MeterFloorDb, 0, 1) * MeterWidth);
        return $"[green]{new string('|', filled)}[/][grey]{new string('.', MeterWidth - filled)}[/] " +
            Invariant($"{Math.Max(db, MeterFloorDb):0} dB");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
