using Microsoft.Extensions.Time.Testing;

namespace Sala.Registry.Tests;

public sealed class ConnectionLifetimeTests
{
    [Fact]
    public async Task A_dropped_connection_releases_its_names()
    {
        await using var server = RunningServer.Start();
        await using var asker = await server.ConnectRawAsync();
        var owner = await server.ConnectRawAsync();
        await owner.RequestAsync("REGISTER alice 10.0.0.1 5000");
        await owner.RequestAsync("REGISTER alice2 10.0.0.1 5001");
        await owner.DisposeAsync();
        await Eventually.TrueAsync(async () => await asker.RequestAsync("GET alice") == "ERR NOT_FOUND alice", "alice released");
        Assert.Equal("ERR NOT_FOUND alice2", await asker.RequestAsync("GET alice2"));
        Assert.Equal("OK REGISTERED alice", await asker.RequestAsync("REGISTER alice 10.0.0.9 5009"));
    }

    /// <summary>On the server's poll loop (1) and on the runtime's sockets (0), which other systems still use.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_silent_connection_is_closed_after_the_idle_timeout_and_its_names_released(int pollThreads)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = RunningServer.Start(time, configure: o => o with { PollThreads = pollThreads });
        await using var silent = await server.ConnectRawAsync();
        await using var chatty = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED sleepy", await silent.RequestAsync("REGISTER sleepy 10.0.0.1 5000"));

        time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("PONG", await chatty.RequestAsync("PING"));
        time.Advance(TimeSpan.FromSeconds(25));

        Assert.Null(await silent.ReadLineAsync());
        Assert.Equal("PONG", await chatty.RequestAsync("PING"));
        await Eventually.TrueAsync(async () => await chatty.RequestAsync("GET sleepy") == "ERR NOT_FOUND sleepy", "sleepy released");
        // The server logs the reason once the connection has finished closing, after the client sees the end of the stream.
        await Eventually.TrueAsync(() => server.Log.Count("idle for more than 60 s") > 0, "the close logged with its reason");
    }

    [Fact]
    public async Task The_client_library_keeps_its_connection_alive_with_ping()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = RunningServer.Start(time);
        await using var client = await RegistryClient.ConnectAsync(server.Address, time: time);
        Assert.Equal(RegisterOutcome.Registered, await client.RegisterAsync("keeper", System.Net.IPAddress.Loopback, 5000));

        for (var i = 1; i <= 6; i++)
        {
            time.Advance(new RegistryClientOptions().KeepAliveInterval);
            var pings = i;
            await Eventually.TrueAsync(() => server.Log.Count(" PING") >= pings, $"keepalive {i}");
            // Queues behind the keepalive, so the next advance finds the connection quiet again.
            Assert.NotNull(await client.LookupAsync("keeper"));
        }
        Assert.NotNull(await client.LookupAsync("keeper"));
        Assert.Equal(1, server.Server.ConnectionCount);
    }

    [Fact]
    public async Task Stopping_the_server_says_bye_and_closes_every_connection()
    {
        var server = RunningServer.Start();
        await using var client = await server.ConnectRawAsync();
        Assert.Equal("PONG", await client.RequestAsync("PING"));
        await server.DisposeAsync();
        Assert.Equal("BYE SHUTDOWN", await client.ReadLineAsync());
        Assert.Null(await client.ReadLineAsync());
    }
}
