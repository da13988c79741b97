namespace Sala.Registry.Tests;

/// <summary>
/// A request whose store lookup completes later, on another thread (Redis): the connection holds what follows it,
/// answers everything in order once the store answers, writes MSG lines only between whole replies, and lets a
/// stopping server end cleanly. On the poll loop and on the runtime's sockets (<c>PollThreads = 0</c>).
/// </summary>
public sealed class StorePauseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Requests_behind_a_lookup_the_store_answers_later_are_answered_in_order(int pollThreads)
    {
        var (server, gate) = Start(pollThreads);
        await using var _ = server;
        await using var owner = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED a", await owner.RequestAsync("REGISTER a 10.0.0.1 5000"));
        Assert.Equal("OK REGISTERED b", await owner.RequestAsync("REGISTER b 10.0.0.2 5002"));
        await using var asker = await server.ConnectRawAsync();

        // One write, ending in the start of a line; its end comes while GET a waits.
        await asker.SendRawAsync("GET a\nPING\nGET b\nPI"u8.ToArray());
        await gate.Entered.WaitAsync(Patience);
        await asker.SendRawAsync("NG\nGET nobody\n"u8.ToArray());
        Assert.Equal("OK b 10.0.0.2 5002", await owner.RequestAsync("GET b"));
        gate.Open();

        Assert.Equal("OK a 10.0.0.1 5000", await asker.ReadLineAsync());
        Assert.Equal("PONG", await asker.ReadLineAsync());
        Assert.Equal("OK b 10.0.0.2 5002", await asker.ReadLineAsync());
        Assert.Equal("PONG", await asker.ReadLineAsync());
        Assert.Equal("ERR NOT_FOUND nobody", await asker.ReadLineAsync());
        Assert.Equal("OK a 10.0.0.1 5000", await asker.RequestAsync("GET a"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_message_sent_while_a_lookup_waits_arrives_as_a_whole_line_between_replies(int pollThreads)
    {
        var (server, gate) = Start(pollThreads);
        await using var _ = server;
        await using var alice = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED alice", await alice.RequestAsync("REGISTER alice 10.0.0.1 5000"));
        await using var bob = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED bob", await bob.RequestAsync("REGISTER bob 10.0.0.2 5002"));
        Assert.Equal("OK REGISTERED a", await bob.RequestAsync("REGISTER a 10.0.0.3 5004"));

        await bob.SendRawAsync("PING\nGET a\nPING\n"u8.ToArray());
        await gate.Entered.WaitAsync(Patience);
        Assert.Equal("OK SENT bob", await alice.RequestAsync("SEND bob hello while you wait"));
        gate.Open();

        var lines = new List<string?>();
        for (var i = 0; i < 4; i++)
            lines.Add(await bob.ReadLineAsync());
        const string message = "MSG alice hello while you wait";
        Assert.Single(lines, message);
        Assert.Equal(["PONG", "OK a 10.0.0.3 5004", "PONG"], lines.Where(l => l != message));
        // The poll loop writes nothing of the connection while a request waits, so the MSG comes after that reply;
        // the runtime's sockets may write it at once, before the reply the request is waiting for, which is whole too.
        if (pollThreads > 0)
            Assert.True(lines.IndexOf(message) > lines.IndexOf("OK a 10.0.0.3 5004"), string.Join(" | ", lines));
        Assert.Equal("PONG", await bob.RequestAsync("PING"));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    public async Task Stopping_the_server_while_a_lookup_waits_says_bye_and_completes(int pollThreads, bool lookupHonoursCancellation)
    {
        var (server, gate) = Start(pollThreads, lookupHonoursCancellation);
        await using var _ = server;
        await using var owner = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED a", await owner.RequestAsync("REGISTER a 10.0.0.1 5000"));
        await using var asker = await server.ConnectRawAsync();
        await asker.SendRawAsync("GET a\nPING\n"u8.ToArray());
        await gate.Entered.WaitAsync(Patience);

        var stopping = server.Server.StopAsync();
        // A lookup that ignores the cancellation holds the stop until it is answered.
        if (!lookupHonoursCancellation)
            gate.Open();
        await stopping.WaitAsync(Patience);

        var lines = new List<string>();
        while (await asker.ReadLineAsync() is { } line)
            lines.Add(line);
        // The replies the connection had when it stopped may come first, in order; then the goodbye, then the end.
        Assert.Equal("BYE SHUTDOWN", lines.LastOrDefault());
        string[] replies = ["OK a 10.0.0.1 5000", "PONG"];
        Assert.Equal(replies[..(lines.Count - 1)], lines[..^1]);
        // Both connections closed for the reason they were told, and nothing failed on the way.
        Assert.True(server.Log.Count("server stopping") == 2, string.Join("\n", server.Log.Lines));
        Assert.DoesNotContain(server.Log.Lines, l => l.Contains("failed", StringComparison.Ordinal));
    }

    private static (RunningServer Server, GatedRegistryStore Gate) Start(int pollThreads, bool honoursCancellation = true)
    {
        GatedRegistryStore? gate = null;
        var server = RunningServer.Start(
            configure: o => o with { PollThreads = pollThreads },
            wrapStore: store => gate = new GatedRegistryStore(store, "a", honoursCancellation));
        return (server, gate!);
    }
}
