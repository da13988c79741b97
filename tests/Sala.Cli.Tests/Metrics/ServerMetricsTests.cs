using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sala.Cli.Tests.Metrics;

/// <summary><c>sala server --metrics-port</c> as Prometheus sees it: valid to promtool, and counting what was sent.</summary>
public sealed class ServerMetricsTests
{
    private const string Requests = "sala_registry_requests_total";

    [Fact]
    public async Task The_exposition_passes_promtool_check_metrics_with_every_instrument()
    {
        var metricsPort = PrometheusScrape.FreeTcpPort();
        await using var server = SalaProcess.Start("server", "--bind", "127.0.0.1", "--port", "0", "--metrics-port",
            metricsPort.ToString(CultureInfo.InvariantCulture), "--max-connections-per-address", "2", "--quiet");
        var port = ListeningPort(server);
        server.WaitForLine(l => l.StartsWith("Sala registry metrics on ", StringComparison.Ordinal));
        using var alice = await Client.ConnectAsync(port);
        using var bob = await Client.ConnectAsync(port);
        using var refused = await Client.ConnectAsync(port);
        Assert.StartsWith("ERR BUSY", await refused.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Equal("OK REGISTERED alice", await alice.RequestAsync("REGISTER alice 127.0.0.1 5000"));
        Assert.Equal("OK REGISTERED bob", await bob.RequestAsync("REGISTER bob 127.0.0.1 5001"));
        Assert.Equal("OK SENT bob", await alice.RequestAsync("SEND bob offer"));
        Assert.Equal("ERR NOT_FOUND carol", await alice.RequestAsync("GET carol"));
        Assert.StartsWith("ERR BAD_REQUEST", await alice.RequestAsync("HELLO"), StringComparison.Ordinal);

        var scrape = await PrometheusScrape.FromAsync(metricsPort);
        var (exitCode, said) = await Promtool.CheckMetricsAsync(scrape.Text);
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}: {said}\n{scrape.Text}");
        Assert.Equal("", said.Trim());
        foreach (var family in new[]
        {
            "sala_registry_connections", "sala_registry_registrations", Requests, "sala_registry_request_duration_seconds",
            "sala_registry_connections_refused_total", "sala_registry_store_round_trips_total", "sala_registry_offers_total",
        })
            Assert.Contains($"# TYPE {family} ", scrape.Text, StringComparison.Ordinal);
        Assert.Equal(2, scrape.Value("sala_registry_connections"));
        Assert.Equal(2, scrape.Value("sala_registry_registrations"));
        Assert.Equal(1, scrape.Value("sala_registry_connections_refused_total", ("limit", "per_address")));
        Assert.Equal(1, scrape.Value("sala_registry_offers_total", ("outcome", "sent")));
        Assert.Equal(1, scrape.Value(Requests, ("command", "get"), ("outcome", "not_found")));
        Assert.Equal(1, scrape.Value(Requests, ("command", "invalid"), ("outcome", "bad_request")));
    }

    [Fact]
    public async Task Counters_scraped_during_a_load_never_run_ahead_and_agree_with_what_was_sent_after_it()
    {
        const int Connections = 8;
        const int Rounds = 150;
        var metricsPort = PrometheusScrape.FreeTcpPort();
        await using var server = SalaProcess.Start("server", "--bind", "127.0.0.1", "--port", "0", "--metrics-port",
            metricsPort.ToString(CultureInfo.InvariantCulture), "--request-rate", "0", "--quiet");
        var port = ListeningPort(server);
        server.WaitForLine(l => l.StartsWith("Sala registry metrics on ", StringComparison.Ordinal));

        var clients = new List<Client>();
        for (var i = 0; i < Connections; i++)
            clients.Add(await Client.ConnectAsync(port));
        using var loadDone = new CancellationTokenSource();
        var load = Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
        {
            Assert.Equal($"OK REGISTERED user{i}", await client.RequestAsync($"REGISTER user{i} 127.0.0.1 {5000 + i}"));
            for (var round = 0; round < Rounds; round++)
            {
                Assert.StartsWith("OK user", await client.RequestAsync($"GET user{(i + round) % Connections}"), StringComparison.Ordinal);
                Assert.Equal($"ERR NOT_FOUND nobody{round}", await client.RequestAsync($"GET nobody{round}"));
                Assert.Equal("PONG", await client.RequestAsync("PING"));
            }
        })));
        // Scrapes while the load runs: each counter only grows, and never past what is being sent.
        var scrapesDuringLoad = 0;
        double lastGets = 0;
        while (!load.IsCompleted)
        {
            var during = await PrometheusScrape.FromAsync(metricsPort);
            var gets = during.Value(Requests, ("command", "get"), ("outcome", "ok"));
            Assert.InRange(gets, lastGets, Connections * Rounds);
            Assert.InRange(during.Value(Requests, ("command", "ping"), ("outcome", "ok")), 0, Connections * Rounds);
            lastGets = gets;
            scrapesDuringLoad++;
        }
        await load;
        Assert.True(scrapesDuringLoad > 0);

        // Every request was counted before its reply was sent, so now the figures are exact.
        var after = await PrometheusScrape.FromAsync(metricsPort);
        Assert.Equal(Connections, after.Value(Requests, ("command", "register"), ("outcome", "ok")));
        Assert.Equal(Connections * Rounds, after.Value(Requests, ("command", "get"), ("outcome", "ok")));
        Assert.Equal(Connections * Rounds, after.Value(Requests, ("command", "get"), ("outcome", "not_found")));
        Assert.Equal(Connections * Rounds, after.Value(Requests, ("command", "ping"), ("outcome", "ok")));
        Assert.Equal(Connections * Rounds * 2, after.Value("sala_registry_request_duration_seconds_count", ("command", "get")));
        Assert.Equal(Connections * Rounds * 2, after.Value("sala_registry_store_round_trips_total", ("operation", "lookup")));
        Assert.Equal(Connections, after.Value("sala_registry_store_round_trips_total", ("operation", "claim")));
        Assert.Equal(Connections, after.Value("sala_registry_connections"));
        Assert.Equal(Connections, after.Value("sala_registry_registrations"));
        Assert.Equal(0, after.Sum("sala_registry_rate_limited_total"));
        foreach (var client in clients)
            client.Dispose();
    }

    private static int ListeningPort(ChildProcess server)
    {
        var line = server.WaitForLine(l => l.StartsWith("Sala registry listening on 127.0.0.1:", StringComparison.Ordinal));
        return int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }

    private sealed class Client : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly StreamReader _reader;

        private Client(TcpClient tcp)
        {
            _tcp = tcp;
            _reader = new StreamReader(tcp.GetStream(), Encoding.UTF8);
        }

        public static async Task<Client> ConnectAsync(int port)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return new Client(tcp);
        }

        public async Task<string?> RequestAsync(string line)
        {
            await _tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
            return await ReadLineAsync();
        }

        public async Task<string?> ReadLineAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            return await _reader.ReadLineAsync(timeout.Token);
        }

        public void Dispose() => _tcp.Dispose();
    }
}
