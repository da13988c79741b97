using System.Text;

namespace Sala.Registry.Redis.Tests;

/// <summary>
/// Lookups Redis answers later, on its own thread: a connection that pipelines many of them, with messages arriving
/// for it meanwhile, still gets every reply in order and each MSG line whole between two replies.
/// </summary>
public sealed class PipelinedRequestTests(SharedRedis redis)
{
    private const int Rounds = 100;
    private const int Messages = 10;

    private readonly string _prefix = SharedRedis.UniquePrefix();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Pipelined_requests_are_answered_in_order_with_messages_only_between_replies(int pollThreads)
    {
        await using var server = await ServerOnRedis.StartAsync(await redis.AddressAsync(), _prefix, pollThreads: pollThreads);
        await using var alice = await server.ConnectRawAsync();
        await using var bob = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED alice", await alice.RequestAsync("REGISTER alice 10.0.0.1 5000"));
        Assert.Equal("OK REGISTERED bob", await bob.RequestAsync("REGISTER bob 10.0.0.2 5002"));
        Assert.Equal("OK REGISTERED b", await bob.RequestAsync("REGISTER b 10.0.0.3 5004"));

        string[] round = ["GET alice", "PING", "GET b", "GET nobody"];
        string[] replies = ["OK alice 10.0.0.1 5000", "PONG", "OK b 10.0.0.3 5004", "ERR NOT_FOUND nobody"];
        await bob.SendRawAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(string.Concat(round.Select(l => l + "\n")), Rounds))));
        for (var i = 0; i < Messages; i++)
            Assert.Equal("OK SENT bob", await alice.RequestAsync($"SEND bob m{i}"));

        var received = new List<string?>();
        for (var i = 0; i < Rounds * round.Length + Messages; i++)
            received.Add(await bob.ReadLineAsync());
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"MSG alice m{i}"), received.Where(l => l!.StartsWith("MSG ", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Repeat(replies, Rounds).SelectMany(r => r), received.Where(l => !l!.StartsWith("MSG ", StringComparison.Ordinal)));
        Assert.Equal("PONG", await bob.RequestAsync("PING"));
    }
}
