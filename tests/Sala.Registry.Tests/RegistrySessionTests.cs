using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Sala.Registry.Tests;

/// <summary>
/// Issue 5 item 1: a session survives the registry's restart. Servers are real (loopback, system clock); the
/// session's backoff runs on a fake clock, driven forward until the awaited event arrives.
/// </summary>
public sealed class RegistrySessionTests
{
    private static readonly RegistrySessionOptions NoJitter = new() { Jitter = () => 0.0 };

    [Fact]
    public async Task After_a_restart_the_session_reconnects_and_registers_its_name_again_by_itself()
    {
        var time = new FakeTimeProvider();
        var first = RunningServer.Start();
        var port = first.Server.LocalEndPoint.Port;
        await using var session = await RegistrySession.ConnectAsync(first.Address, NoJitter, time);
        Assert.Equal(RegisterOutcome.Registered, await session.RegisterAsync("alice", IPAddress.Parse("10.0.0.1"), 5000));

        await first.DisposeAsync();
        var lost = Assert.IsType<RegistryConnectionLost>(await NextAsync(session.Events, time));
        Assert.True(lost.ServerShutDown);
        Assert.False(session.IsConnected);
        await Assert.ThrowsAsync<RegistryUnavailableException>(() => session.LookupAsync("alice"));

        await using var second = RunningServer.Start(configure: o => o with { Port = port });
        Assert.Equal(new RegistryRestored("alice"), await NextAsync(session.Events, time, skipFailures: true));
        await using var asker = await second.ConnectRawAsync();
        Assert.Equal("OK alice 10.0.0.1 5000", await asker.RequestAsync("GET alice"));
        Assert.Equal("alice", (await session.LookupAsync("ALICE"))?.Name);
    }

    [Fact]
    public async Task A_name_taken_meanwhile_is_reported_and_another_can_be_registered_and_is_kept()
    {
        var time = new FakeTimeProvider();
        var first = RunningServer.Start();
        var port = first.Server.LocalEndPoint.Port;
        await using var session = await RegistrySession.ConnectAsync(first.Address, NoJitter, time);
        Assert.Equal(RegisterOutcome.Registered, await session.RegisterAsync("alice", IPAddress.Parse("10.0.0.1"), 5000));
        await first.DisposeAsync();
        Assert.IsType<RegistryConnectionLost>(await NextAsync(session.Events, time));

        var second = RunningServer.Start(configure: o => o with { Port = port });
        await using var thief = await second.ConnectRawAsync();
        Assert.Equal("OK REGISTERED ALICE", await thief.RequestAsync("REGISTER ALICE 10.0.0.66 6666"));
        Assert.Equal(new RegistryNameTakenMeanwhile("alice"), await NextAsync(session.Events, time, skipFailures: true));
        Assert.Null(session.RegisteredName);
        Assert.Equal(RegisterOutcome.Registered, await session.RegisterAsync("alice2", IPAddress.Parse("10.0.0.1"), 5000));

        await second.DisposeAsync();
        Assert.IsType<RegistryConnectionLost>(await NextAsync(session.Events, time));
        await using var third = RunningServer.Start(configure: o => o with { Port = port });
        Assert.Equal(new RegistryRestored("alice2"), await NextAsync(session.Events, time, skipFailures: true));
    }

    [Fact]
    public async Task Messages_keep_arriving_on_the_same_reader_after_a_reconnect()
    {
        var time = new FakeTimeProvider();
        var first = RunningServer.Start();
        var port = first.Server.LocalEndPoint.Port;
        await using var session = await RegistrySession.ConnectAsync(first.Address, NoJitter, time);
        Assert.Equal(RegisterOutcome.Registered, await session.RegisterAsync("alice", IPAddress.Parse("10.0.0.1"), 5000));
        var messages = session.Messages;
        await using (var bob = await first.ConnectRawAsync())
        {
            await bob.RequestAsync("REGISTER bob 10.0.0.2 5002");
            Assert.Equal("OK SENT alice", await bob.RequestAsync("SEND alice before the restart"));
            Assert.Equal(new RelayedMessage("bob", "before the restart"), await messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        }

        await first.DisposeAsync();
        Assert.IsType<RegistryConnectionLost>(await NextAsync(session.Events, time));
        await using var second = RunningServer.Start(configure: o => o with { Port = port });
        Assert.Equal(new RegistryRestored("alice"), await NextAsync(session.Events, time, skipFailures: true));
        await using var carol = await second.ConnectRawAsync();
        await carol.RequestAsync("REGISTER carol 10.0.0.3 5003");
        Assert.Equal("OK SENT alice", await carol.RequestAsync("SEND alice after the restart"));
        Assert.Equal(new RelayedMessage("carol", "after the restart"), await messages.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(SendOutcome.Sent, await session.SendAsync("carol", "hello carol"));
        Assert.Equal("MSG alice hello carol", await carol.ReadLineAsync());
        Assert.Null(await session.GetTurnCredentialsAsync());
    }

    [Fact]
    public async Task Failed_attempts_back_off_exponentially_up_to_the_cap()
    {
        var time = new FakeTimeProvider();
        var server = RunningServer.Start();
        await using var session = await RegistrySession.ConnectAsync(server.Address, NoJitter, time);
        await server.DisposeAsync();
        Assert.IsType<RegistryConnectionLost>(await NextAsync(session.Events, time));

        var waits = new List<double>();
        for (var i = 0; i < 6; i++)
            waits.Add(Assert.IsType<RegistryReconnectFailed>(await NextAsync(session.Events, time)).NextAttemptIn.TotalSeconds);
        Assert.Equal([1, 2, 4, 7.5, 7.5, 7.5], waits);
    }

    [Fact]
    public async Task Disconnecting_stops_the_session_without_reporting_a_loss()
    {
        await using var server = RunningServer.Start();
        var session = await RegistrySession.ConnectAsync(server.Address);
        Assert.Equal(RegisterOutcome.Registered, await session.RegisterAsync("alice", IPAddress.Loopback, 5000));
        Assert.True(await session.DisconnectAsync("alice"));
        await session.DisposeAsync();
        Assert.Empty(await ReadAllAsync(session.Events));
    }

    /// <summary>
    /// The next event, moving the fake clock on in small steps while waiting (the backoff timer may not exist yet
    /// when a step is made, so one big step could be missed).
    /// </summary>
    private static async Task<RegistrySessionEvent> NextAsync(
        ChannelReader<RegistrySessionEvent> events, FakeTimeProvider time, bool skipFailures = false)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (events.TryRead(out var next))
            {
                if (skipFailures && next is RegistryReconnectFailed)
                    continue;
                return next;
            }
            time.Advance(TimeSpan.FromMilliseconds(250));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
            try
            {
                await events.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        throw new TimeoutException("no registry session event");
    }

    private static async Task<List<RegistrySessionEvent>> ReadAllAsync(ChannelReader<RegistrySessionEvent> events)
    {
        var all = new List<RegistrySessionEvent>();
        await foreach (var e in events.ReadAllAsync())
            all.Add(e);
        return all;
    }
}
