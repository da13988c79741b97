using System.Net;
using System.Net.Sockets;

namespace Sala.Registry.Tests;

/// <summary>A stopping server tells every client it holds <c>BYE SHUTDOWN</c>, closes, and its stop completes, once.</summary>
public sealed class ShutdownTests
{
    private const int Connections = 50;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Every_idle_connection_is_told_bye_shutdown_then_the_stream_ends(int pollThreads)
    {
        var server = RunningServer.Start(configure: o => o with { PollThreads = pollThreads });
        var clients = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => server.ConnectRawAsync()));
        try
        {
            // Answered: each connection is watched by its loop before the stop.
            Assert.All(await Task.WhenAll(clients.Select(c => c.RequestAsync("PING"))), r => Assert.Equal("PONG", r));
            Assert.Equal(Connections, server.Server.ConnectionCount);

            await server.Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(0, server.Server.ConnectionCount);
            foreach (var client in clients)
            {
                Assert.Equal("BYE SHUTDOWN", await client.ReadLineAsync());
                Assert.Null(await client.ReadLineAsync());
            }
            Assert.Equal(Connections, server.Log.Count("server stopping"));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stopping_a_stopped_server_again_leaves_other_descriptors_alone()
    {
        var server = RunningServer.Start();
        await using (var client = await server.ConnectRawAsync())
            Assert.Equal("PONG", await client.RequestAsync("PING"));
        await server.Server.StopAsync();

        // New descriptors take the lowest numbers free, among them those the stopped server's poll loop had.
        var victims = Enumerable.Range(0, 16).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToList();
        try
        {
            foreach (var victim in victims)
                victim.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            await server.DisposeAsync();

            var received = new byte[1];
            foreach (var victim in victims)
            {
                victim.SendTo([7], victim.LocalEndPoint!);
                Assert.Equal(1, victim.Receive(received));
                Assert.Equal(7, received[0]);
            }
        }
        finally
        {
            foreach (var victim in victims)
                victim.Dispose();
        }
    }
}
