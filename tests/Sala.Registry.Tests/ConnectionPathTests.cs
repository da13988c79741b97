using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Sala.Registry.Tests;

/// <summary>
/// The protocol's rows and the server's limits on both ways a server moves bytes: its own poll loop (Linux on x86-64,
/// the default), and the runtime's sockets (<c>PollThreads = 0</c>), which TLS ports and every other system still use.
/// The rest of the suite runs on the default only.
/// </summary>
public sealed class ConnectionPathTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Each_request_gets_its_reply(int pollThreads)
    {
        await using var server = RunningServer.Start(configure: o => o with { PollThreads = pollThreads });
        await using var owner = await server.ConnectRawAsync();
        await using var other = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED alice", await owner.RequestAsync("REGISTER alice 10.0.0.1 5000"));
        Assert.Equal("ERR NAME_TAKEN ALICE", await other.RequestAsync("register ALICE 10.0.0.2 5002"));
        Assert.Equal("OK REGISTERED bob", await other.RequestAsync("REGISTER bob 10.0.0.2 5002"));
        Assert.Equal("OK alice 10.0.0.1 5000", await other.RequestAsync("GET Alice"));
        Assert.Equal("ERR NOT_FOUND nobody", await other.RequestAsync("GET nobody"));
        Assert.Equal("OK 2", await other.RequestAsync("LIST"));
        Assert.Equal(["alice 10.0.0.1 5000", "bob 10.0.0.2 5002"], new[] { await other.ReadLineAsync(), await other.ReadLineAsync() });
        Assert.StartsWith("ERR BAD_REQUEST ", await other.RequestAsync("HELLO there"), StringComparison.Ordinal);
        Assert.Equal("ERR NOT_OWNER alice", await other.RequestAsync("DISCONNECT alice"));
        Assert.Equal("OK SENT bob", await owner.RequestAsync("SEND bob hi"));
        Assert.Equal("MSG alice hi", await other.ReadLineAsync());

        // Pipelined, with CRLF endings and a line split across two writes.
        await other.SendRawAsync("PING\r\nGET alice\r\nGE"u8.ToArray());
        Assert.Equal("PONG", await other.ReadLineAsync());
        Assert.Equal("OK alice 10.0.0.1 5000", await other.ReadLineAsync());
        await other.SendRawAsync("T bob\n"u8.ToArray());
        Assert.Equal("OK bob 10.0.0.2 5002", await other.ReadLineAsync());

        Assert.Equal("OK BYE", await owner.RequestAsync("DISCONNECT alice"));
        Assert.Null(await owner.ReadLineAsync());
        Assert.Equal("ERR NOT_FOUND alice", await other.RequestAsync("GET alice"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task An_overlong_line_is_refused_and_closes_only_its_connection(int pollThreads)
    {
        await using var server = RunningServer.Start(configure: o => o with { PollThreads = pollThreads });
        await using var bystander = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED calm", await bystander.RequestAsync("REGISTER calm 127.0.0.1 5000"));
        await using var client = await server.ConnectRawAsync();
        await client.SendRawAsync(Encoding.ASCII.GetBytes("PING\n" + new string('A', 4096)));
        Assert.Equal("PONG", await client.ReadLineAsync());
        Assert.StartsWith("ERR BAD_REQUEST line longer than 512", await client.ReadLineAsync(), StringComparison.Ordinal);
        Assert.Null(await client.ReadLineAsync());
        Assert.Equal("OK calm 127.0.0.1 5000", await bystander.RequestAsync("GET calm"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_line_left_unfinished_past_the_line_timeout_closes_the_connection(int pollThreads)
    {
        var time = new FakeTimeProvider(Start);
        await using var server = RunningServer.Start(time, configure: o => o with { PollThreads = pollThreads, LineTimeout = TimeSpan.FromSeconds(10) });
        await using var slow = await server.ConnectRawAsync();
        await using var honest = await server.ConnectRawAsync();
        await slow.SendRawAsync("PING\nGET ali"u8.ToArray());
        Assert.Equal("PONG", await slow.ReadLineAsync());
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Null(await slow.ReadLineAsync());
        Assert.Equal("PONG", await honest.RequestAsync("PING"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_rate_limited_connection_is_read_again_once_a_request_is_allowed(int pollThreads)
    {
        var time = new FakeTimeProvider(Start);
        await using var server = RunningServer.Start(time, configure: o => o with { PollThreads = pollThreads, RequestsPerSecond = 10, RequestBurst = 5 });
        await using var client = await server.ConnectRawAsync();
        await using var other = await server.ConnectRawAsync();
        await client.SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("PING\n", 8))));
        var replies = new List<string?>();
        for (var i = 0; i < 8; i++)
            replies.Add(await client.ReadLineAsync());
        Assert.Equal(5, replies.Count(r => r == "PONG"));
        Assert.Equal(3, replies.Count(r => r == "ERR RATE_LIMITED too many requests, slow down"));

        // The limited connection reads nothing until its timer (100 ms on the fake clock) fires; the others are served.
        await client.SendAsync("PING");
        Assert.Equal("PONG", await other.RequestAsync("PING"));
        var reply = client.ReadLineAsync();
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            return reply.IsCompleted;
        }, "the limited connection answered again");
        Assert.Equal("PONG", await reply);
    }

    [Fact]
    public async Task Connections_spread_over_two_poll_loops_reach_each_other()
    {
        const int count = 24;
        await using var server = RunningServer.Start(configure: o => o with { PollThreads = 2 });
        var clients = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => server.ConnectRawAsync()));
        try
        {
            // Connections go to the two loops in turn, twelve each, so some of the SENDs around this ring cross from one
            // loop to the other whatever order they were accepted in.
            var registered = await Task.WhenAll(clients.Select((c, i) => c.RequestAsync($"REGISTER user{i} 10.0.0.{i + 1} {5000 + i}")));
            Assert.All(registered, (r, i) => Assert.Equal($"OK REGISTERED user{i}", r));
            foreach (var (client, i) in clients.Select((c, i) => (c, i)))
                await client.SendAsync($"SEND user{(i + 1) % count} from {i}");
            // Each client's own reply and the MSG from its neighbour, in either order.
            var received = await Task.WhenAll(clients.Select(async c => new[] { await c.ReadLineAsync(), await c.ReadLineAsync() }.Order(StringComparer.Ordinal)));
            Assert.All(received, (lines, i) => Assert.Equal([$"MSG user{(i + count - 1) % count} from {(i + count - 1) % count}", $"OK SENT user{(i + 1) % count}"], lines));
            var found = await Task.WhenAll(clients.Select((c, i) => c.RequestAsync($"GET user{(i + 1) % count}")));
            Assert.All(found, (r, i) => Assert.Equal($"OK user{(i + 1) % count} 10.0.0.{(i + 1) % count + 1} {5000 + (i + 1) % count}", r));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
        await Eventually.TrueAsync(() => server.Store.Count == 0, "every name released");
    }
}
