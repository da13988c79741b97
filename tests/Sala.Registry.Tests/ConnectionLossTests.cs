using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Sala.Registry.Tests;

/// <summary>Issue 5 item 1 in the client library: each way of losing the registry is noticed, and when.</summary>
public sealed class ConnectionLossTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_stopping_server_tells_every_client_bye_shutdown_before_closing()
    {
        var server = RunningServer.Start();
        await using var raw = await server.ConnectRawAsync();
        Assert.Equal("PONG", await raw.RequestAsync("PING"));
        await using var client = await RegistryClient.ConnectAsync(server.Address);
        Assert.Equal(RegisterOutcome.Registered, await client.RegisterAsync("alice", IPAddress.Loopback, 5000));

        await server.DisposeAsync();

        Assert.Equal("BYE SHUTDOWN", await raw.ReadLineAsync());
        Assert.Null(await raw.ReadLineAsync());
        Assert.Equal($"the registry at {server.Address} is shutting down", await client.Closed.WaitAsync(Patience));
        Assert.True(client.ServerShutDown);
    }

    [Fact]
    public async Task A_reset_connection_is_noticed_at_once_without_a_request()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = new RegistryAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        await using var client = await RegistryClient.ConnectAsync(address, time: new FakeTimeProvider());
        using var accepted = await listener.AcceptSocketAsync();
        accepted.LingerState = new LingerOption(true, 0);
        accepted.Close();

        var reason = await client.Closed.WaitAsync(Patience);
        Assert.Contains(address.ToString(), reason, StringComparison.Ordinal);
        Assert.False(client.ServerShutDown);
        await Assert.ThrowsAsync<RegistryUnavailableException>(() => client.PingAsync());
    }

    [Fact]
    public async Task A_silent_server_is_noticed_through_the_unanswered_keepalive_within_30_seconds()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var time = new FakeTimeProvider();
        var address = new RegistryAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        await using var client = await RegistryClient.ConnectAsync(address, time: time);
        using var accepted = await listener.AcceptTcpClientAsync();
        var options = new RegistryClientOptions();
        Assert.True(options.KeepAliveInterval + options.RequestTimeout <= TimeSpan.FromSeconds(30));

        time.Advance(options.KeepAliveInterval);
        var received = new byte[16];
        Assert.Equal("PING\n", System.Text.Encoding.ASCII.GetString(received, 0, await accepted.GetStream().ReadAsync(received)));
        Assert.False(client.Closed.IsCompleted);
        time.Advance(options.RequestTimeout);

        Assert.Equal($"the registry at {address} did not answer within 5 s", await client.Closed.WaitAsync(Patience));
    }

    [Fact]
    public async Task Unsolicited_lines_are_ignored_and_a_user_called_bye_is_still_listed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = new RegistryAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        await using var client = await RegistryClient.ConnectAsync(address);
        using var accepted = await listener.AcceptTcpClientAsync();
        var stream = accepted.GetStream();
        using var reader = new StreamReader(stream);

        var ping = client.PingAsync();
        Assert.Equal("PING", await reader.ReadLineAsync());
        await stream.WriteAsync("NOTICE maintenance at noon\nPONG\n"u8.ToArray());
        await ping;

        var list = client.ListAsync();
        Assert.Equal("LIST", await reader.ReadLineAsync());
        await stream.WriteAsync("WHATEVER\nOK 2\nBYE 10.0.0.1 5000\nalice 10.0.0.2 5002\n"u8.ToArray());
        Assert.Equal(["BYE", "alice"], (await list).Select(r => r.Name));
        Assert.False(client.Closed.IsCompleted);
    }

    [Fact]
    public async Task A_server_line_longer_than_the_limit_breaks_the_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = new RegistryAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
        await using var client = await RegistryClient.ConnectAsync(address);
        using var accepted = await listener.AcceptTcpClientAsync();
        await accepted.GetStream().WriteAsync(new byte[5000].Select(_ => (byte)'x').ToArray());
        Assert.Contains("longer than 512 bytes", await client.Closed.WaitAsync(Patience), StringComparison.Ordinal);
    }
}
