using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Sala.Registry.Tests;

public sealed class RegistryClientTests
{
    [Fact]
    public async Task Typed_results_cover_every_request()
    {
        await using var server = RunningServer.Start();
        await using var alice = await RegistryClient.ConnectAsync(server.Address);
        await using var bob = await RegistryClient.ConnectAsync(server.Address);

        Assert.Equal(RegisterOutcome.Registered, await alice.RegisterAsync("alice", IPAddress.Parse("10.0.0.1"), 5000));
        Assert.Equal(RegisterOutcome.NameTaken, await bob.RegisterAsync("ALICE", IPAddress.Parse("10.0.0.2"), 5001));
        Assert.Equal(new Registration("alice", IPAddress.Parse("10.0.0.1"), 5000), await bob.LookupAsync("Alice"));
        Assert.Null(await bob.LookupAsync("carol"));
        Assert.Single(await bob.ListAsync());
        Assert.True(await bob.PingAsync() >= TimeSpan.Zero);
        Assert.False(await bob.DisconnectAsync("alice"));
        Assert.True(await alice.DisconnectAsync("alice"));
        Assert.Null(await bob.LookupAsync("alice"));
    }

    [Fact]
    public async Task A_request_the_server_would_refuse_is_refused_before_it_is_sent_with_the_servers_reason()
    {
        await using var server = RunningServer.Start();
        await using var client = await RegistryClient.ConnectAsync(server.Address);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.RegisterAsync("bad/name", IPAddress.Loopback, 5000));
        Assert.Contains("letters, digits", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.LookupAsync("a b"));
        Assert.True(await client.PingAsync() >= TimeSpan.Zero);
    }

    [Fact]
    public async Task An_unreachable_server_gives_one_line_naming_the_address_and_the_cause()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var ex = await Assert.ThrowsAsync<RegistryUnavailableException>(() => RegistryClient.ConnectAsync(new RegistryAddress("127.0.0.1", port)));
        Assert.Equal($"cannot reach the registry at 127.0.0.1:{port}: connection refused (is `sala server` running there?)", ex.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out_and_the_client_says_so()
    {
        using var mute = new TcpListener(IPAddress.Loopback, 0);
        mute.Start();
        var time = new FakeTimeProvider();
        var address = new RegistryAddress("127.0.0.1", ((IPEndPoint)mute.LocalEndpoint).Port);
        await using var client = await RegistryClient.ConnectAsync(address, time: time);
        using var accepted = await mute.AcceptTcpClientAsync();

        var lookup = client.LookupAsync("alice");
        using var received = accepted.GetStream();
        var buffer = new byte[64];
        Assert.True(await received.ReadAsync(buffer) > 0);
        time.Advance(new RegistryClientOptions().RequestTimeout);

        var ex = await Assert.ThrowsAsync<RegistryUnavailableException>(() => lookup);
        Assert.Equal($"the registry at {address} did not answer within 5 s", ex.Message);
        await Assert.ThrowsAsync<RegistryUnavailableException>(() => client.PingAsync());
    }

    [Fact]
    public async Task A_server_that_goes_away_is_reported_as_lost()
    {
        var server = RunningServer.Start();
        await using var client = await RegistryClient.ConnectAsync(server.Address);
        await server.DisposeAsync();
        var ex = await Assert.ThrowsAsync<RegistryUnavailableException>(() => client.PingAsync());
        Assert.Contains(server.Address.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5", 7070)]
    [InlineData("10.0.0.5:9000", "10.0.0.5", 9000)]
    [InlineData("registry.lan", "registry.lan", 7070)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("::1", "::1", 7070)]
    public void Server_addresses_parse_as_typed(string text, string host, int port)
    {
        Assert.True(RegistryAddress.TryParse(text, out var address, out _));
        Assert.Equal(new RegistryAddress(host, port), address);
    }

    [Theory]
    [InlineData("tls://10.0.0.5:9000", "10.0.0.5", 9000, "tls://10.0.0.5:9000")]
    [InlineData("TLS://registry.lan", "registry.lan", 7070, "tls://registry.lan:7070")]
    [InlineData("tls://[::1]:9000", "::1", 9000, "tls://[::1]:9000")]
    public void Tls_server_addresses_parse_as_typed(string text, string host, int port, string written)
    {
        Assert.True(RegistryAddress.TryParse(text, out var address, out _));
        Assert.Equal(new RegistryAddress(host, port, Tls: true), address);
        Assert.Equal(written, address.ToString());
    }

    [Fact]
    public void Another_scheme_is_explained()
    {
        Assert.False(RegistryAddress.TryParse("https://registry.lan", out _, out var whyNot));
        Assert.Equal("'https://' is not a registry scheme: write HOST[:PORT], or tls://HOST[:PORT] for a registry that speaks TLS", whyNot);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tls://")]
    [InlineData("host:0")]
    [InlineData("host:http")]
    [InlineData("[::1")]
    [InlineData(":5000")]
    public void Bad_server_addresses_are_explained(string text)
    {
        Assert.False(RegistryAddress.TryParse(text, out _, out var whyNot));
        Assert.False(string.IsNullOrEmpty(whyNot));
    }
}
