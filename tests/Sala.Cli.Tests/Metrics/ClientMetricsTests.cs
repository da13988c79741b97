using System.Globalization;

namespace Sala.Cli.Tests.Metrics;

/// <summary><c>sala client --metrics-port</c>: a callee's call figures, scraped once the call has ended.</summary>
public sealed class ClientMetricsTests
{
    [Fact]
    public async Task A_callee_exposes_its_last_call_figures_valid_to_promtool()
    {
        var metricsPort = PrometheusScrape.FreeTcpPort();
        await using var server = RunningSalaServer.Start();
        await using var bob = SalaProcess.Start("client", "--name", "bob", "--server", server.Address, "--answer", "yes",
            "--mic", "tone:440", "--speaker", "null", "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture));
        bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        await using var alice = SalaProcess.Start("client", "--name", "alice", "--server", server.Address, "--call", "bob",
            "--mic", "tone:660", "--speaker", "null", "--hangup-after", "2s", "--exit-after-call");
        Assert.Equal(0, await alice.WaitForExitAsync());
        bob.WaitForLine(l => l.StartsWith("call with alice ended", StringComparison.Ordinal));

        var scrape = await PrometheusScrape.FromAsync(metricsPort);
        var (exitCode, said) = await Promtool.CheckMetricsAsync(scrape.Text);
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}: {said}\n{scrape.Text}");
        Assert.Equal(1, scrape.Value("sala_client_calls_connected_total"));
        Assert.Equal(1, scrape.Value("sala_client_calls_ended_total", ("reason", "hung_up_by_peer")));
        Assert.Equal(0, scrape.Value("sala_call_active"));
        Assert.True(scrape.Value("sala_call_packets_received") > 0, scrape.Text);
        Assert.True(scrape.Value("sala_call_packets_sent") > 0, scrape.Text);
        Assert.True(scrape.Value("sala_call_duration_seconds") > 1, scrape.Text);
        foreach (var gauge in new[] { "sala_call_jitter_seconds", "sala_call_round_trip_seconds", "sala_call_peer_loss" })
            Assert.Contains($"# TYPE {gauge} gauge", scrape.Text, StringComparison.Ordinal);
        bob.SendLine("0");
        Assert.Equal(0, await bob.WaitForExitAsync());
    }
}
