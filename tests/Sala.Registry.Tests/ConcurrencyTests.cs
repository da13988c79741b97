using System.Net;

namespace Sala.Registry.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_connections_racing_for_one_name_leave_exactly_one_winner()
    {
        await using var server = RunningServer.Start();
        var clients = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => server.ConnectRawAsync()));
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racing = clients.Select((c, i) => Task.Run(async () =>
            {
                await start.Task;
                return await c.RequestAsync($"REGISTER Racer 10.0.0.{i + 1} 5000");
            })).ToList();
            start.SetResult();
            var replies = await Task.WhenAll(racing);
            Assert.Single(replies, r => r == "OK REGISTERED Racer");
            Assert.Equal(49, replies.Count(r => r == "ERR NAME_TAKEN Racer"));
        }
        finally
        {
            foreach (var client in clients)
                await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_hundred_concurrent_clients_register_find_each_other_and_leave()
    {
        await using var server = RunningServer.Start();
        const int count = 200;
        var clients = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => RegistryClient.ConnectAsync(server.Address)));
        await Task.WhenAll(clients.Select((c, i) => c.RegisterAsync($"user{i}", IPAddress.Parse($"10.0.{i / 250}.{i % 250 + 1}"), 5000 + i)));

        var found = await Task.WhenAll(clients.Select((c, i) => c.LookupAsync($"USER{(i + 1) % count}")));
        for (var i = 0; i < count; i++)
            Assert.Equal(5000 + (i + 1) % count, found[i]!.Port);
        Assert.Equal(count, (await clients[0].ListAsync()).Count);

        Assert.All(await Task.WhenAll(clients.Select((c, i) => c.DisconnectAsync($"user{i}"))), Assert.True);
        foreach (var client in clients)
            await client.DisposeAsync();
        Assert.Equal(0, server.Store.Count);
    }
}
