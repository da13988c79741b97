namespace Sala.Registry.Tests;

/// <summary>A stopping server tells every client it holds <c>BYE SHUTDOWN</c>, closes, and its stop completes.</summary>
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
}
