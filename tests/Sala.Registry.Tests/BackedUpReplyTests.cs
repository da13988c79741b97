using System.Text;

namespace Sala.Registry.Tests;

/// <summary>
/// A client that pipelines requests and reads nothing: its replies back up into the server, which must wait for room
/// without losing, repeating or splitting a reply, without making anyone else wait, and without letting the MSG lines
/// of other connections land inside a reply or pile up beyond the recipient's queue. On both ways the server moves
/// bytes: its own poll loop, and the runtime's sockets (<c>PollThreads = 0</c>, what other systems still use).
/// </summary>
public sealed class BackedUpReplyTests
{
    /// <summary>
    /// 4 000 bytes of requests, one segment that both servers read at once (the runtime path reads 4 KiB at a time).
    /// </summary>
    private const int Lists = 400;

    /// <summary>
    /// Names in every LIST, each entry 49 bytes: enough that the replies to <see cref="Lists"/> LISTs come to 1.5 times
    /// the largest send buffer the kernel grows a socket's to (about 6 MB at tcp_wmem's default 4 MiB), so they cannot
    /// all leave the server while the client reads nothing: once it sees its first reply bytes, the server is stuck
    /// sending that one batch.
    /// </summary>
    private static readonly int Names = (int)Math.Ceiling(1.5 * LargestSendBuffer() / (Lists * 49.0));

    private static readonly string Pipeline = string.Concat(Enumerable.Repeat("LIST\nPING\n", Lists));

    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_client_that_reads_nothing_holds_up_only_itself_and_later_gets_every_reply_whole_and_in_order(int pollThreads)
    {
        await using var server = RunningServer.Start(configure: o => o with { PollThreads = pollThreads });
        await using var filler = await server.ConnectRawAsync();
        var list = await RegisterNamesAsync(filler);
        await using var slow = await SlowReader.ConnectAsync(server.EndPoint);
        Assert.Equal("PONG", await slow.RequestAsync("PING"));

        slow.StartWriting(Pipeline);
        await slow.RepliesArrivingAsync();
        await using var other = await server.ConnectRawAsync();
        Assert.Equal("PONG", await other.RequestAsync("PING").WaitAsync(Prompt));
        Assert.Equal("OK REGISTERED other", await other.RequestAsync("REGISTER other 10.0.9.9 5000").WaitAsync(Prompt));
        Assert.Equal("OK other 10.0.9.9 5000", await other.RequestAsync("GET other").WaitAsync(Prompt));

        var expected = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(list + "PONG\n", Lists)));
        AssertSameBytes(expected, await slow.ReadExactlyAsync(expected.Length));
        // Nothing repeated after the backlog, and the connection reads again.
        Assert.Equal("PONG", await slow.RequestAsync("PING"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Messages_for_a_client_that_does_not_read_wait_in_its_bounded_queue_and_arrive_whole_between_its_replies(int pollThreads)
    {
        const int queue = 8;
        await using var server = RunningServer.Start(configure: o => o with
        {
            PollThreads = pollThreads,
            MessageQueueLength = queue,
            MessagesPerSecond = 0,
            MessagesPerRecipientPerSecond = 0,
        });
        await using var filler = await server.ConnectRawAsync();
        await RegisterNamesAsync(filler);
        await using var bob = await SlowReader.ConnectAsync(server.EndPoint);
        Assert.Equal("OK REGISTERED bob", await bob.RequestAsync("REGISTER bob 10.0.0.2 5002"));
        await using var alice = await server.ConnectRawAsync();
        Assert.Equal("OK REGISTERED alice", await alice.RequestAsync("REGISTER alice 10.0.0.1 5000"));
        var list = await ListAsync(alice);

        bob.StartWriting(Pipeline);
        await bob.RepliesArrivingAsync();
        // One at a time, as people send: between two of them the server may write what is queued, if bob makes room.
        var accepted = new List<int>();
        for (var i = 0; i < 3 * queue; i++)
        {
            var reply = await alice.RequestAsync($"SEND bob m{i}");
            if (reply == "OK SENT bob")
                accepted.Add(i);
            else
                Assert.Equal("ERR RATE_LIMITED bob is not reading its messages, try again later", reply);
        }
        // The queue holds `queue` lines; the runtime path may also have taken a batch out that waits to be written.
        Assert.InRange(accepted.Count, queue, 2 * queue);

        // What was accepted is delivered once bob reads, each line whole, between two replies, once and in order;
        // what was refused is not.
        var received = await bob.ReadExactlyAsync(BacklogBytes(list) + MessageBytes(accepted));
        Assert.Equal(accepted, CheckRepliesAndMessages(received, list));
        Assert.Equal("PONG", await bob.RequestAsync("PING"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Stopping_the_server_does_not_wait_for_a_client_that_reads_nothing_nor_say_goodbye_inside_its_reply(int pollThreads)
    {
        var server = RunningServer.Start(configure: o => o with { PollThreads = pollThreads });
        await using var _ = server;
        await using var filler = await server.ConnectRawAsync();
        var list = await RegisterNamesAsync(filler);
        await using var slow = await SlowReader.ConnectAsync(server.EndPoint);
        Assert.Equal("PONG", await slow.RequestAsync("PING"));
        slow.StartWriting(Pipeline);
        await slow.RepliesArrivingAsync();

        await server.Server.StopAsync().WaitAsync(Prompt);

        // What the kernel had taken before the close still arrives, a prefix of the replies; no BYE SHUTDOWN cuts into one.
        var expected = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(list + "PONG\n", Lists)));
        var received = await slow.ReadToEndAsync();
        Assert.InRange(received.Length, 1, expected.Length - 1);
        AssertSameBytes(expected[..received.Length], received);
    }

    /// <summary>Registers <see cref="Names"/> long names on <paramref name="filler"/> (they last while it is open); returns the LIST reply then.</summary>
    private static async Task<string> RegisterNamesAsync(RawLineClient filler)
    {
        var registered = await filler.PipelineAsync(Enumerable.Range(0, Names).Select(i => $"REGISTER n{i:D4}-{new string('x', 26)} 10.0.{i / 200}.{i % 200 + 1} {50000 + i}"));
        Assert.All(registered, r => Assert.StartsWith("OK REGISTERED n", r, StringComparison.Ordinal));
        return await ListAsync(filler);
    }

    /// <summary>tcp_wmem's maximum on Linux; elsewhere a common default.</summary>
    private static long LargestSendBuffer()
    {
        const long common = 4 << 20;
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/tcp_wmem").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 3 && long.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var largest) ? largest : common;
        }
        catch (IOException)
        {
            return common;
        }
        catch (UnauthorizedAccessException)
        {
            return common;
        }
    }

    /// <summary>The whole LIST reply, header and entries, as the wire carries it.</summary>
    private static async Task<string> ListAsync(RawLineClient client)
    {
        var header = await client.RequestAsync("LIST");
        Assert.NotNull(header);
        var count = int.Parse(header["OK ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var reply = new StringBuilder(header).Append('\n');
        for (var i = 0; i < count; i++)
            reply.Append(await client.ReadLineAsync()).Append('\n');
        return reply.ToString();
    }

    private static int BacklogBytes(string list) => Lists * Encoding.UTF8.GetByteCount(list + "PONG\n");

    private static int MessageBytes(IEnumerable<int> numbers) => numbers.Sum(i => $"MSG alice m{i}\n".Length);

    /// <summary>
    /// Walks what the backed-up client received: the replies to <see cref="Pipeline"/> in order, each LIST whole from its
    /// header to its last entry, and between two replies only whole <c>MSG alice m&lt;i&gt;</c> lines. Returns the
    /// numbers of those messages, as received.
    /// </summary>
    private static List<int> CheckRepliesAndMessages(byte[] received, string list)
    {
        var text = Encoding.UTF8.GetString(received);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\n');
        var listLines = list[..^1].Split('\n');
        var at = 0;
        var messages = new List<int>();
        for (var reply = 0; reply < 2 * Lists; reply++)
        {
            while (at < lines.Length && lines[at].StartsWith("MSG ", StringComparison.Ordinal))
                messages.Add(MessageNumber(lines[at++]));
            var expected = reply % 2 == 0 ? listLines : ["PONG"];
            foreach (var line in expected)
            {
                Assert.True(at < lines.Length, $"reply {reply}: the stream ended at line {at}");
                Assert.True(line == lines[at], $"reply {reply}, line {at}: expected '{line}', received '{lines[at]}'");
                at++;
            }
        }
        while (at < lines.Length)
            messages.Add(MessageNumber(lines[at++]));
        return messages;
    }

    private static int MessageNumber(string line)
    {
        Assert.StartsWith("MSG alice m", line, StringComparison.Ordinal);
        Assert.True(int.TryParse(line["MSG alice m".Length..], System.Globalization.CultureInfo.InvariantCulture, out var number), $"not a whole MSG line: '{line}'");
        return number;
    }

    private static void AssertSameBytes(byte[] expected, byte[] received)
    {
        var differ = expected.AsSpan().CommonPrefixLength(received);
        if (differ == expected.Length && expected.Length == received.Length)
            return;
        static string Around(byte[] bytes, int at) =>
            Encoding.UTF8.GetString(bytes, Math.Max(0, at - 40), Math.Min(80, bytes.Length - Math.Max(0, at - 40))).ReplaceLineEndings("\\n");
        Assert.Fail($"the replies differ at byte {differ} of {expected.Length}: expected '{Around(expected, differ)}', received '{Around(received, differ)}'");
    }
}
