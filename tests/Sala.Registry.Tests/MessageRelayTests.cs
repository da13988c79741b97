using Microsoft.Extensions.Time.Testing;

namespace Sala.Registry.Tests;

/// <summary>SEND and its MSG line over raw TCP, as a client written by someone else would speak them.</summary>
public sealed class MessageRelayTests
{
    [Fact]
    public async Task Send_is_delivered_as_msg_on_the_recipients_connection_text_and_all()
    {
        await using var server = RunningServer.Start();
        await using var alice = await server.ConnectRawAsync();
        await using var bob = await server.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        await bob.RequestAsync("REGISTER Bob 10.0.0.2 5002");

        Assert.Equal("OK SENT Bob", await alice.RequestAsync("SEND BOB   CONVITE alice 10.0.0.1 5000  call=7Fq2 key=abc  "));
        Assert.Equal("MSG alice CONVITE alice 10.0.0.1 5000  call=7Fq2 key=abc", await bob.ReadLineAsync());
    }

    [Fact]
    public async Task Send_to_a_name_nobody_holds_is_not_found()
    {
        await using var server = RunningServer.Start();
        await using var alice = await server.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        Assert.Equal("ERR NOT_FOUND carol", await alice.RequestAsync("SEND carol hello"));
    }

    [Fact]
    public async Task Send_and_turn_from_a_connection_without_a_name_are_not_registered()
    {
        await using var server = RunningServer.Start();
        await using var bob = await server.ConnectRawAsync();
        await using var stranger = await server.ConnectRawAsync();
        await bob.RequestAsync("REGISTER bob 10.0.0.2 5002");
        Assert.Equal("ERR NOT_REGISTERED register a name first", await stranger.RequestAsync("SEND bob hello"));
        Assert.Equal("ERR NOT_REGISTERED register a name first", await stranger.RequestAsync("TURN"));
        Assert.Equal("PONG", await bob.RequestAsync("PING"));
    }

    [Theory]
    [InlineData("SEND bob", "ERR BAD_REQUEST usage: SEND <name> <text>")]
    [InlineData("SEND bob    ", "ERR BAD_REQUEST usage: SEND <name> <text>")]
    [InlineData("SEND b/ob hello", "ERR BAD_REQUEST name may hold only letters, digits, '.', '_' and '-'")]
    [InlineData("SEND bob a\u0001b", "ERR BAD_REQUEST text may not hold control characters")]
    public async Task A_bad_send_is_refused_and_the_connection_stays_usable(string line, string reply)
    {
        await using var server = RunningServer.Start();
        await using var alice = await server.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        Assert.Equal(reply, await alice.RequestAsync(line));
        Assert.Equal("PONG", await alice.RequestAsync("PING"));
    }

    [Fact]
    public async Task A_text_over_440_bytes_is_refused_and_440_is_delivered()
    {
        await using var server = RunningServer.Start();
        await using var alice = await server.ConnectRawAsync();
        await using var bob = await server.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        await bob.RequestAsync("REGISTER bob 10.0.0.2 5002");

        Assert.Equal("ERR BAD_REQUEST text is longer than 440 bytes", await alice.RequestAsync("SEND bob " + new string('x', 441)));
        Assert.Equal("OK SENT bob", await alice.RequestAsync("SEND bob " + new string('é', 220)));
        Assert.Equal("MSG alice " + new string('é', 220), await bob.ReadLineAsync());
    }

    [Fact]
    public async Task A_sender_with_a_long_name_is_told_how_much_text_fits_in_one_line()
    {
        await using var server = RunningServer.Start();
        var longName = new string('あ', 32); // 96 bytes of UTF-8: MSG, the name, two separators and 410 bytes make 512
        await using var sender = await server.ConnectRawAsync();
        await using var bob = await server.ConnectRawAsync();
        await sender.RequestAsync($"REGISTER {longName} 10.0.0.1 5000");
        await bob.RequestAsync("REGISTER bob 10.0.0.2 5002");

        Assert.Equal($"ERR BAD_REQUEST text is longer than 410 bytes (what fits in one MSG line from {longName})",
            await sender.RequestAsync("SEND bob " + new string('x', 411)));
        Assert.Equal("OK SENT bob", await sender.RequestAsync("SEND bob " + new string('x', 410)));
        Assert.Equal($"MSG {longName} {new string('x', 410)}", await bob.ReadLineAsync());
    }

    [Fact]
    public async Task Msg_lines_never_split_an_old_clients_replies_and_a_client_that_ignores_them_gets_every_reply()
    {
        await using var server = RunningServer.Start(configure: o => o with { MessagesPerSecond = 0, MessagesPerRecipientPerSecond = 0 });
        await using var alice = await server.ConnectRawAsync();
        await using var bob = await server.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        await bob.RequestAsync("REGISTER bob 10.0.0.2 5002");

        const int Messages = 50;
        const int Rounds = 20;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
                Assert.Equal("OK SENT bob", await alice.RequestAsync($"SEND bob offer {i}"));
        });
        // Bob speaks as a client from before SEND existed: it reads replies and skips any line that is not one.
        var received = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            await bob.SendAsync("LIST");
            Assert.Equal("OK 2", await NextReplyAsync(bob, received));
            Assert.Equal("alice 10.0.0.1 5000", await bob.ReadLineAsync());
            Assert.Equal("bob 10.0.0.2 5002", await bob.ReadLineAsync());
            await bob.SendAsync("PING");
            Assert.Equal("PONG", await NextReplyAsync(bob, received));
        }
        // Bob reads the rest before alice's last SEND is awaited: a recipient that stopped reading would (rightly) get
        // alice refused once its outbox is full, which is not what this test is about.
        while (received.Count < Messages)
            received.Add((await bob.ReadLineAsync())!);
        await sending;
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"MSG alice offer {i}"), received);
    }

    [Fact]
    public async Task Turn_without_a_configured_relay_is_not_found()
    {
        await using var server = RunningServer.Start();
        await using var alice = await server.ConnectRawAsync();
        await alice.RequestAsync("REGISTER alice 10.0.0.1 5000");
        Assert.Equal("ERR NOT_FOUND relay", await alice.RequestAsync("TURN"));
    }

    [Fact]
    public async Task Turn_hands_out_rest_api_credentials_for_the_registered_name_and_never_logs_the_secret()
    {
        // Expiry 1 700 000 000 (one hour from now); the password was computed apart from this code, with
        //   printf %s '1700000000:João' | openssl dgst -sha1 -hmac north-wind -binary | base64
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 - 3600));
        await using var server = RunningServer.Start(time, configure: o => o with
        {
            Turn = new TurnRelayOptions("turn.example.org", 3478, "north-wind", TimeSpan.FromHours(1)),
        });
        await using var joao = await server.ConnectRawAsync();
        await joao.RequestAsync("REGISTER João 10.0.0.1 5000");

        Assert.Equal("OK TURN turn.example.org 3478 1700000000:João 6K/5H0XPLg2R4ccweYlGNJin1LI= 3600", await joao.RequestAsync("TURN"));
        Assert.DoesNotContain(server.Log.Lines, l => l.Contains("north-wind", StringComparison.Ordinal) || l.Contains("6K/5H0", StringComparison.Ordinal));
        Assert.DoesNotContain("north-wind", new RegistryServerOptions { Turn = new TurnRelayOptions("h", 1, "north-wind", TimeSpan.FromHours(1)) }.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string?> NextReplyAsync(RawLineClient client, List<string> unsolicited)
    {
        while (true)
        {
            var line = await client.ReadLineAsync();
            if (line is null || line.StartsWith("OK", StringComparison.Ordinal) || line.StartsWith("ERR", StringComparison.Ordinal) || line == "PONG")
                return line;
            unsolicited.Add(line);
        }
    }
}
