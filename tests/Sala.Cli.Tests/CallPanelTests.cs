using System.Net;
using Sala.Calls.Media;
using Sala.Calls.Security;
using Sala.Cli.Client;
using Sala.Media.Jitter;
using Sala.Protocol.Calls;
using Spectre.Console.Testing;

namespace Sala.Cli.Tests;

public sealed class CallPanelTests
{
    private static readonly CallInfo Call = new("c1", "bob", new IPEndPoint(IPAddress.Loopback, 5000), CallRole.Caller, null);

    private static readonly MediaStatistics Media = new(
        TimeSpan.FromSeconds(75), "opus (libopus 1.3.1)", 3750, 600_000, 3700, 590_000, 0, 0.1, 0.001,
        new JitterStatistics
        {
            Received = 3700,
            Lost = 50,
            ConcealedFec = 40,
            ConcealedPlc = 10,
            Jitter = TimeSpan.FromMilliseconds(12.3),
            BufferedDelay = TimeSpan.FromMilliseconds(45),
            TargetDelay = TimeSpan.FromMilliseconds(40),
        },
        default, true, 0)
    {
        RoundTrip = TimeSpan.FromMilliseconds(23),
    };

    private static string Show(CallSecurityInfo security, MediaStatistics? media, bool muted)
    {
        var console = new TestConsole();
        console.Profile.Width = 120;
        console.Write(CallPanel.Render(Call, security, media, muted));
        return console.Output;
    }

    [Fact]
    public void The_panel_shows_peer_time_levels_codec_loss_jitter_round_trip_buffer_privacy_and_keys()
    {
        var screen = Show(new CallSecurityInfo(true, "kite lamp oven pear"), Media, muted: false);
        foreach (var expected in new[]
        {
            "call with bob", "1:15", "-20 dB", "-60 dB", "opus (libopus 1.3.1)", "64.0 kbit/s", "50 packets (1.3 %)",
            "50 concealed", "12.3 ms", "23 ms", "45 ms (target 40 ms)", "encrypted", "kite lamp oven pear", "H hang up", "M mute",
        })
        {
            Assert.Contains(expected, screen, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("MUTED", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void The_panel_and_the_connected_line_say_post_quantum_only_for_a_call_whose_keys_came_from_ML_KEM_too()
    {
        var hybrid = new CallSecurityInfo(true, "a b c d", PostQuantum: true);
        var classic = new CallSecurityInfo(true, "a b c d");
        Assert.Contains("encrypted, post-quantum, code", Show(hybrid, Media, muted: false), StringComparison.Ordinal);
        Assert.DoesNotContain("post-quantum", Show(classic, Media, muted: false), StringComparison.Ordinal);
        Assert.StartsWith("encrypted, post-quantum, code: a b c d", ClientView.Describe(hybrid), StringComparison.Ordinal);
        Assert.StartsWith("encrypted, code: a b c d", ClientView.Describe(classic), StringComparison.Ordinal);
    }

    [Fact]
    public void What_was_not_played_is_shown_by_reason_in_the_panel_and_the_end_of_call_line()
    {
        var media = Media with { Discarded = new DiscardedPackets(3, 41, 2, 5, 250) };
        const string expected = "3 invalid, 41 on probation, 2 unknown, 5 forged reports, 250 feedback ignored";
        Assert.Contains(expected, Show(new CallSecurityInfo(true, "a b c d"), media, muted: false), StringComparison.Ordinal);
        Assert.Contains("not played: " + expected, ClientView.Summary(media), StringComparison.Ordinal);
    }

    [Fact]
    public void Pauses_in_dtx_are_shown_apart_from_loss()
    {
        var media = Media with { FramesNotSent = 1200, Playout = Media.Playout with { ComfortNoise = 900 } };
        var screen = Show(new CallSecurityInfo(true, "a b c d"), media, muted: false);
        Assert.Contains("1200 frames not sent; 900 of comfort noise played, not counted as loss", screen, StringComparison.Ordinal);
        Assert.Contains("50 packets (1.3 %)", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("DTX", Show(new CallSecurityInfo(true, "a b c d"), Media, muted: false), StringComparison.Ordinal);
    }

    [Fact]
    public void A_muted_unencrypted_call_says_both_plainly()
    {
        var screen = Show(CallSecurityInfo.Unencrypted, Media, muted: true);
        Assert.Contains("MUTED", screen, StringComparison.Ordinal);
        Assert.Contains("M unmute", screen, StringComparison.Ordinal);
        Assert.Contains("NOT ENCRYPTED", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_any_figures_the_panel_still_shows_who_and_privacy()
    {
        var screen = Show(new CallSecurityInfo(true, "a b c d"), media: null, muted: false);
        Assert.Contains("call with bob", screen, StringComparison.Ordinal);
        Assert.Contains("0:00", screen, StringComparison.Ordinal);
        Assert.Contains("a b c d", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Notices_that_arrive_during_the_call_show_in_the_panel_instead_of_tearing_it()
    {
        var console = new TestConsole();
        console.Profile.Width = 120;
        console.Write(CallPanel.Render(Call, CallSecurityInfo.Unencrypted, Media, muted: false,
            ["lost the registry at 127.0.0.1:7070; trying again"]));
        Assert.Contains("lost the registry at 127.0.0.1:7070; trying again", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_panel_says_which_way_the_call_travels()
    {
        var console = new TestConsole();
        console.Profile.Width = 120;
        console.Write(CallPanel.Render(Call, CallSecurityInfo.Unencrypted, Media, muted: false,
            path: "relayed via 198.51.100.20:3478, set up in 366 ms"));
        Assert.Contains("path", console.Output, StringComparison.Ordinal);
        Assert.Contains("relayed via 198.51.100.20:3478, set up in 366 ms", console.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 20)]
    [InlineData(0.1, 13)]
    [InlineData(0.001, 0)]
    [InlineData(0, 0)]
    public void The_meter_reads_on_a_decibel_scale(double rms, int bars) =>
        Assert.StartsWith($"[green]{new string('|', bars)}[/]", CallPanel.Meter(rms), StringComparison.Ordinal);
}
