using Microsoft.Extensions.Time.Testing;

namespace Sala.Registry.Tests;

/// <summary>
/// SEND's limits on a fake clock: per sender (10/s, bursts of 20) and per recipient (20/s, bursts of 40), counted
/// apart from the per-connection request rate, each refusing only the traffic it is about.
/// </summary>
public sealed class MessageLimitTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_sender_beyond_its_burst_is_rate_limited_until_its_allowance_refills()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = RunningServer.Start(time);
        await using var alice = await server.ConnectRawAsync();
        await using var bob = await server.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        await bob.RequestAsync("REGISTER bob 10.0.0.2 5002");

        var replies = await alice.PipelineAsync(Enumerable.Range(0, 21).Select(i => $"SEND bob m{i}"));
        Assert.Equal(20, replies.Count(r => r == "OK SENT bob"));
        Assert.Equal("ERR RATE_LIMITED too many messages, slow down", replies[20]);
        for (var i = 0; i < 20; i++)
            Assert.Equal($"MSG alice m{i}", await bob.ReadLineAsync());

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("OK SENT bob", await alice.RequestAsync("SEND bob again"));
        Assert.Equal("MSG alice again", await bob.ReadLineAsync());
    }

    [Fact]
    public async Task A_flooded_recipient_refuses_more_and_a_third_users_messages_still_go_through()
    {
        var time = new FakeTimeProvider(Start);
        // bob reads only after the flood: his queue must hold the whole burst, or the queue limit (32 lines, tested
        // on its own) would refuse some first, depending on how fast the server's writes drain into his socket.
        await using var server = RunningServer.Start(time, configure: o => o with { MessageQueueLength = 64 });
        await using var bob = await server.ConnectRawAsync();
        await using var dave = await server.ConnectRawAsync();
        await bob.RequestAsync("REGISTER bob 10.0.0.2 5002");
        await dave.RequestAsync("REGISTER dave 10.0.0.4 5004");
        var senders = new List<RawLineClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var sender = await server.ConnectRawAsync();
                senders.Add(sender);
                Assert.Equal($"OK REGISTERED flooder{i}", await sender.RequestAsync($"REGISTER flooder{i} 10.0.1.{i + 1} 6000"));
            }
            var replies = new List<string?>();
            foreach (var sender in senders)
                replies.AddRange(await sender.PipelineAsync(Enumerable.Range(0, 15).Select(i => $"SEND bob offer {i}")));

            Assert.Equal(40, replies.Count(r => r == "OK SENT bob"));
            Assert.Equal(Enumerable.Repeat("ERR RATE_LIMITED bob is receiving too many messages, try again later", 5), replies.Skip(40));

            await using var carol = await server.ConnectRawAsync();
            await carol.RequestAsync("REGISTER carol 10.0.0.3 5003");
            Assert.Equal("OK SENT dave", await carol.RequestAsync("SEND dave hi dave"));
            Assert.Equal("OK SENT dave", await senders[0].RequestAsync("SEND dave hi from a flooder"));
            Assert.Equal("MSG carol hi dave", await dave.ReadLineAsync());
            Assert.Equal("MSG flooder0 hi from a flooder", await dave.ReadLineAsync());

            // The refused five were not delivered: bob's next line after the 40 is the answer to his own PING.
            for (var i = 0; i < 40; i++)
                Assert.StartsWith("MSG flooder", await bob.ReadLineAsync(), StringComparison.Ordinal);
            Assert.Equal("PONG", await bob.RequestAsync("PING"));
        }
        finally
        {
            foreach (var sender in senders)
                await sender.DisposeAsync();
        }
    }

    [Fact]
    public async Task Recipient_buckets_are_forgotten_once_idle_so_trying_many_names_leaves_nothing_behind()
    {
        var time = new FakeTimeProvider(Start);
        await using var server = RunningServer.Start(time, configure: o => o with { MessagesPerSecond = 0 });
        await using var alice = await server.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        var replies = await alice.PipelineAsync(Enumerable.Range(0, 100).Select(i => $"SEND nobody{i} hello"));
        Assert.All(replies, r => Assert.StartsWith("ERR NOT_FOUND nobody", r, StringComparison.Ordinal));
        Assert.Equal(100, server.Server.RecipientBuckets);

        // A bucket refills in burst / rate = 2 s; the server's sweep (every second at most) then forgets it.
        for (var i = 0; i < 4; i++)
            time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => server.Server.RecipientBuckets == 0, "idle recipient buckets swept");
    }

    [Fact]
    public void Recipient_limiter_forgets_a_bucket_only_once_it_has_refilled()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new RecipientLimiter(time, perSecond: 20, burst: 40);
        for (var i = 0; i < 40; i++)
            Assert.True(limiter.TryTake("bob"));
        Assert.False(limiter.TryTake("bob"));

        time.Advance(TimeSpan.FromSeconds(1));
        limiter.Sweep();
        Assert.Equal(1, limiter.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        limiter.Sweep();
        Assert.Equal(0, limiter.Count);
    }

    [Fact]
    public void A_full_outbox_refuses_more_lines_and_a_closed_one_says_gone()
    {
        var outbox = new MessageOutbox(capacity: 2);
        Assert.Equal(DeliveryResult.Queued, outbox.TryEnqueue([1], out var startFirst));
        Assert.True(startFirst);
        Assert.Equal(DeliveryResult.Queued, outbox.TryEnqueue([2], out var startSecond));
        Assert.False(startSecond);
        Assert.Equal(DeliveryResult.Full, outbox.TryEnqueue([3], out _));

        var taken = new List<byte[]>();
        Assert.True(outbox.TryTakeAll(taken));
        Assert.Equal([[1], [2]], taken);
        Assert.False(outbox.TryTakeAll(taken));
        Assert.Equal(DeliveryResult.Queued, outbox.TryEnqueue([4], out var startAgain));
        Assert.True(startAgain);

        outbox.Close();
        Assert.Equal(DeliveryResult.Gone, outbox.TryEnqueue([5], out _));
    }

}
