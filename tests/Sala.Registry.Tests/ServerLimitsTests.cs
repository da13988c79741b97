using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Sala.Registry.Tests;

/// <summary>Issue 5 item 2: the server's limits, each configurable, each met by the client it is meant for.</summary>
public sealed class ServerLimitsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_connection_over_the_per_address_limit_is_told_busy_and_other_addresses_are_served()
    {
        await using var server = RunningServer.Start(configure: o => o with { MaxConnectionsPerAddress = 2 });
        await using var first = await server.ConnectRawAsync();
        await using var second = await server.ConnectRawAsync();
        Assert.Equal("PONG", await first.RequestAsync("PING"));
        Assert.Equal("PONG", await second.RequestAsync("PING"));

        await using (var third = await server.ConnectRawAsync())
        {
            Assert.Equal("ERR BUSY too many connections from 127.0.0.1 (limit 2)", await third.ReadLineAsync());
            Assert.Null(await third.ReadLineAsync());
        }
        await using var elsewhere = await ConnectFromAsync(IPAddress.Parse("127.0.0.2"), server.EndPoint);
        Assert.Equal("PONG", await elsewhere.RequestAsync("PING"));

        await first.DisposeAsync();
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 2, "the first connection gone");
        await using var again = await server.ConnectRawAsync();
        Assert.Equal("PONG", await again.RequestAsync("PING"));
        Assert.Equal(1, server.Server.RefusedConnections);
    }

    [Fact]
    public async Task A_connection_over_the_total_limit_is_told_busy()
    {
        await using var server = RunningServer.Start(configure: o => o with { MaxConnections = 1 });
        await using var first = await server.ConnectRawAsync();
        Assert.Equal("PONG", await first.RequestAsync("PING"));
        await using var second = await server.ConnectRawAsync();
        Assert.Equal("ERR BUSY too many connections (limit 1)", await second.ReadLineAsync());
    }

    [Fact]
    public async Task The_client_library_reports_a_busy_server_as_unavailable()
    {
        await using var server = RunningServer.Start(configure: o => o with { MaxConnections = 1 });
        await using var first = await RegistryClient.ConnectAsync(server.Address);
        Assert.Equal(RegisterOutcome.Registered, await first.RegisterAsync("alice", IPAddress.Loopback, 5000));
        await using var second = await RegistryClient.ConnectAsync(server.Address);
        Assert.Equal($"the registry at {server.Address} is busy: too many connections (limit 1)", await second.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Requests_beyond_the_burst_are_rate_limited_and_allowed_again_as_the_rate_refills()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = RunningServer.Start(time, configure: o => o with { RequestsPerSecond = 10, RequestBurst = 5 });
        await using var client = await server.ConnectRawAsync();
        await client.SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("PING\n", 8))));
        var replies = new List<string?>();
        for (var i = 0; i < 8; i++)
            replies.Add(await client.ReadLineAsync());
        Assert.Equal(5, replies.Count(r => r == "PONG"));
        Assert.Equal(3, replies.Count(r => r == "ERR RATE_LIMITED too many requests, slow down"));

        // The connection reads again once a token is back (100 ms at 10/s): drive the fake clock until it answers.
        await client.SendAsync("PING");
        var reply = client.ReadLineAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!reply.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(reply, Task.Delay(TimeSpan.FromMilliseconds(10))); // a poll with the deadline above, not a wait for an effect
        }
        Assert.Equal("PONG", await reply);
    }

    [Fact]
    public async Task A_line_left_unfinished_past_the_line_timeout_closes_the_connection()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = RunningServer.Start(time, configure: o => o with { LineTimeout = TimeSpan.FromSeconds(10) });
        await using var slow = await server.ConnectRawAsync();
        await using var honest = await server.ConnectRawAsync();
        // The PONG shows the server has read the unfinished line behind it.
        await slow.SendRawAsync("PING\nGET ali"u8.ToArray());
        Assert.Equal("PONG", await slow.ReadLineAsync());

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("PONG", await honest.RequestAsync("PING"));
        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Null(await slow.ReadLineAsync());
        Assert.Equal("PONG", await honest.RequestAsync("PING"));
        // The server logs the reason once the connection has finished closing, after the client sees the end of the stream.
        await Eventually.TrueAsync(() => server.Log.Count("line unfinished for more than 10 s") > 0, "the close logged with its reason");
    }

    private static async Task<RawLineClient> ConnectFromAsync(IPAddress source, IPEndPoint server)
    {
        var tcp = new TcpClient(new IPEndPoint(source, 0));
        await tcp.ConnectAsync(server);
        return RawLineClient.From(tcp);
    }
}
