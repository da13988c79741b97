using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sala.Cli.Logging;
using Sala.Registry;

namespace Sala.Cli.Tests.Logging;

/// <summary>
/// A registry server logging through <c>sala</c>'s own writer at each level, while one client registers, looks up,
/// hits the request rate limit and meets a failing store. Every event of a request is logged before its reply is
/// sent, so once the last reply is read the log is complete: no waiting.
/// </summary>
public sealed class ServerLogLevelTests
{
    private const string RequestLine = "GET alice: alice at 127.0.0.1:5000";

    [Fact]
    public async Task Debug_shows_each_request_and_everything_above()
    {
        var log = await RunScenarioAsync(LogLevel.Debug, LogFormat.Text);
        Assert.Contains(log, l => l.Contains(" DEBUG ", StringComparison.Ordinal) && l.EndsWith(RequestLine, StringComparison.Ordinal));
        AssertHas(log, " INFO ", "connected (#1)");
        AssertHas(log, " INFO ", "registered alice at 127.0.0.1:5000");
        AssertHas(log, " WARN ", "is rate-limited: more than 1 requests a second");
        AssertHas(log, " ERROR ", "GET broken: store unavailable");
    }

    [Fact]
    public async Task Information_shows_connections_and_registrations_but_no_request()
    {
        var log = await RunScenarioAsync(LogLevel.Information, LogFormat.Text);
        Assert.DoesNotContain(log, l => l.Contains(" DEBUG ", StringComparison.Ordinal) || l.Contains("GET alice", StringComparison.Ordinal));
        AssertHas(log, " INFO ", "connected (#1)");
        AssertHas(log, " INFO ", "registered alice at 127.0.0.1:5000");
        AssertHas(log, " WARN ", "is rate-limited");
        AssertHas(log, " ERROR ", "GET broken: store unavailable");
    }

    [Fact]
    public async Task Warning_shows_limits_hit_and_store_failures_only()
    {
        var log = await RunScenarioAsync(LogLevel.Warning, LogFormat.Text);
        Assert.Equal(2, log.Count);
        AssertHas(log, " WARN ", "is rate-limited");
        AssertHas(log, " ERROR ", "GET broken: store unavailable");
    }

    [Fact]
    public async Task Error_shows_the_store_failure_with_its_cause_on_the_same_line()
    {
        var log = await RunScenarioAsync(LogLevel.Error, LogFormat.Text);
        var line = Assert.Single(log);
        Assert.EndsWith("GET broken: store unavailable: IOException: connection refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task None_logs_nothing()
    {
        Assert.Empty(await RunScenarioAsync(LogLevel.None, LogFormat.Text));
    }

    [Fact]
    public async Task Json_writes_one_object_a_line_with_the_fields_of_each_event()
    {
        var log = await RunScenarioAsync(LogLevel.Debug, LogFormat.Json);
        var events = log.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(events, e =>
        {
            Assert.Equal(JsonValueKind.Object, e.ValueKind);
            Assert.Equal("Sala.Registry", e.GetProperty("category").GetString());
            Assert.True(e.TryGetProperty("time", out _));
            Assert.True(e.TryGetProperty("message", out _));
        });
        var registered = Assert.Single(events, e => e.GetProperty("event").GetString() == "Registered");
        Assert.Equal("Information", registered.GetProperty("level").GetString());
        Assert.Equal("alice", registered.GetProperty("Name").GetString());
        Assert.Equal("127.0.0.1:5000", registered.GetProperty("EndPoint").GetString());
        var connected = Assert.Single(events, e => e.GetProperty("event").GetString() == "Connected");
        Assert.Equal(1, connected.GetProperty("ConnectionId").GetInt64());
        var failed = Assert.Single(events, e => e.GetProperty("event").GetString() == "StoreFailed");
        Assert.Equal("Error", failed.GetProperty("level").GetString());
        Assert.Contains("System.IO.IOException: connection refused", failed.GetProperty("exception").GetString(), StringComparison.Ordinal);
        Assert.Contains(events, e => e.GetProperty("level").GetString() == "Debug" && e.GetProperty("Request").GetString() == RequestLine);
    }

    private static void AssertHas(IReadOnlyList<string> log, string level, string text) =>
        Assert.Contains(log, l => l.Contains(level, StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));

    private static async Task<IReadOnlyList<string>> RunScenarioAsync(LogLevel level, LogFormat format)
    {
        var output = new StringWriter();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        using (var logging = new SalaLogging(output, level, format, time))
        {
            var options = new RegistryServerOptions
            {
                Bind = IPAddress.Loopback,
                Port = 0,
                // Three requests a connection at once, then one a second: the fake clock never refills the bucket.
                RequestsPerSecond = 1,
                RequestBurst = 3,
            };
            await using var server = new RegistryServer(options, new FailingLookupStore("broken"), time, logging.CreateLogger("Sala.Registry"));
            server.Start();
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, server.LocalEndPoint.Port);
            using var reader = new StreamReader(tcp.GetStream(), Encoding.UTF8);
            async Task<string?> Request(string line)
            {
                await tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
                return await reader.ReadLineAsync();
            }
            Assert.Equal("OK REGISTERED alice", await Request("REGISTER alice 127.0.0.1 5000"));
            Assert.Equal("OK alice 127.0.0.1 5000", await Request("GET alice"));
            Assert.StartsWith("ERR UNAVAILABLE", await Request("GET broken"), StringComparison.Ordinal);
            Assert.StartsWith("ERR RATE_LIMITED", await Request("PING"), StringComparison.Ordinal);
            var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            // The connection's own close is logged later, when the server stops; only what the requests logged counts.
            return lines;
        }
    }
}
