using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sala.Protocol.Registry;

namespace Sala.Registry.Tests;

/// <summary>The client API the call setup codes against: SendAsync, Messages, GetTurnCredentialsAsync.</summary>
public sealed class RegistryClientMessageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SendAsync_delivers_to_the_recipients_messages_and_names_every_outcome()
    {
        // One message per 1000 s after the first: the second SEND is refused however fast this machine is.
        await using var server = RunningServer.Start(configure: o => o with { MessagesPerSecond = 0.001, MessageBurst = 1 });
        await using var alice = await RegistryClient.ConnectAsync(server.Address);
        await using var bob = await RegistryClient.ConnectAsync(server.Address);
        Assert.Equal(SendOutcome.NotRegistered, await alice.SendAsync("bob", "hello"));
        await alice.RegisterAsync("alice", IPAddress.Loopback, 5000);
        await bob.RegisterAsync("bob", IPAddress.Loopback, 5002);

        Assert.Equal(SendOutcome.Sent, await alice.SendAsync("BOB", "CONVITE alice 10.0.0.1 5000 call=7Fq2"));
        Assert.Equal(new RelayedMessage("alice", "CONVITE alice 10.0.0.1 5000 call=7Fq2"), await bob.Messages.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(SendOutcome.RateLimited, await alice.SendAsync("bob", "again"));
        Assert.Equal(SendOutcome.NotFound, await bob.SendAsync("carol", "hello"));
        Assert.True(await bob.PingAsync() >= TimeSpan.Zero);
    }

    [Fact]
    public async Task SendAsync_refuses_a_text_that_would_break_the_line_before_sending_it()
    {
        await using var server = RunningServer.Start();
        await using var alice = await RegistryClient.ConnectAsync(server.Address);
        await alice.RegisterAsync("alice", IPAddress.Loopback, 5000);
        await Assert.ThrowsAsync<ArgumentException>(() => alice.SendAsync("bob", "one\nREGISTER mallory 1.2.3.4 5"));
        await Assert.ThrowsAsync<ArgumentException>(() => alice.SendAsync("bob", new string('x', 441)));
        await Assert.ThrowsAsync<ArgumentException>(() => alice.SendAsync("bob", "  "));
        // 5 + 96 + 1 + 440 bytes: over the line limit, which would cost the connection.
        await Assert.ThrowsAsync<ArgumentException>(() => alice.SendAsync(new string('あ', 32), new string('x', 440)));
        Assert.Equal(SendOutcome.NotFound, await alice.SendAsync("bob", "still usable"));
    }

    [Fact]
    public async Task Messages_do_not_disturb_a_list_in_progress()
    {
        await using var server = RunningServer.Start(configure: o => o with { MessagesPerSecond = 0, MessagesPerRecipientPerSecond = 0 });
        await using var alice = await RegistryClient.ConnectAsync(server.Address);
        await using var bob = await RegistryClient.ConnectAsync(server.Address);
        await alice.RegisterAsync("alice", IPAddress.Loopback, 5000);
        await bob.RegisterAsync("bob", IPAddress.Loopback, 5002);

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
                Assert.Equal(SendOutcome.Sent, await alice.SendAsync("bob", $"offer {i}"));
        });
        for (var i = 0; i < 30; i++)
            Assert.Equal(["alice", "bob"], (await bob.ListAsync()).Select(r => r.Name));
        await sending;
        for (var i = 0; i < 30; i++)
            Assert.Equal(new RelayedMessage("alice", $"offer {i}"), await bob.Messages.ReadAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Messages_complete_when_the_connection_is_lost()
    {
        var server = RunningServer.Start();
        await using var bob = await RegistryClient.ConnectAsync(server.Address);
        await server.DisposeAsync();
        await bob.Messages.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task GetTurnCredentialsAsync_is_null_without_a_relay_and_typed_with_one()
    {
        await using (var plain = RunningServer.Start())
        {
            await using var client = await RegistryClient.ConnectAsync(plain.Address);
            await client.RegisterAsync("alice", IPAddress.Loopback, 5000);
            Assert.Null(await client.GetTurnCredentialsAsync());
        }

        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 - 3600));
        await using var server = RunningServer.Start(time, configure: o => o with
        {
            Turn = new TurnRelayOptions("turn.example.org", 3478, "north-wind", TimeSpan.FromHours(1)),
        });
        await using var joao = await RegistryClient.ConnectAsync(server.Address);
        await Assert.ThrowsAsync<RegistryProtocolException>(() => joao.GetTurnCredentialsAsync());
        await joao.RegisterAsync("João", IPAddress.Loopback, 5000);
        Assert.Equal(
            new TurnCredentials("turn.example.org", 3478, "1700000000:João", "6K/5H0XPLg2R4ccweYlGNJin1LI=", TimeSpan.FromHours(1)),
            await joao.GetTurnCredentialsAsync());
    }

    [Theory]
    // Each computed apart from this code: printf %s USER | openssl dgst -sha1 -hmac SECRET -binary | base64
    [InlineData("north-wind", "1700000000:João", "6K/5H0XPLg2R4ccweYlGNJin1LI=")]
    [InlineData("s3cret", "1796143964:alice", "ddb0KXZMxU4+JR5l4MIyId/2GYk=")]
    public void Turn_passwords_match_an_independent_hmac_sha1(string secret, string username, string password) =>
        Assert.Equal(password, Sala.Protocol.Registry.TurnRestCredentials.Password(secret, username));

    [Fact]
    public void Turn_usernames_put_the_unix_expiry_before_the_name() =>
        Assert.Equal("1700000000:alice", Sala.Protocol.Registry.TurnRestCredentials.Username(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), "alice"));
}
