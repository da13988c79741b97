using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sala.Calls.Transport;

namespace Sala.Calls.Tests;

/// <summary>
/// A media loop collects the port's datagrams itself, once a frame (IPollableTransport): each is handed over on the
/// polling thread with the time it waited since the kernel received it, and the receive thread takes over again once
/// polling ends.
/// </summary>
public sealed class UdpPollingTests : IAsyncLifetime
{
    private readonly UdpDatagramTransport _port = UdpDatagramTransport.Bind(0);
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly ConcurrentQueue<Delivery> _delivered = new();
    private IPEndPoint _to = null!;

    public ValueTask InitializeAsync()
    {
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _to = new IPEndPoint(IPAddress.Loopback, _port.LocalEndPoint.Port);
        _port.Start((datagram, from, waited) =>
            _delivered.Enqueue(new Delivery(datagram.ToArray(), from, waited, Environment.CurrentManagedThreadId)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _peer.Dispose();
        await _port.DisposeAsync();
    }

    [Fact]
    public async Task While_polled_datagrams_come_on_the_polling_thread_with_the_time_they_waited()
    {
        using var poller = _port.StartPolling();
        Assert.NotNull(poller);
        // The receive thread may be blocked in a receive already: it hands over the next datagram itself, then parks.
        await SendAndPollUntilDeliveredAsync(poller, [1]);

        // Two datagrams sent some milliseconds apart wait in the socket until polled: the earlier one waited longer. The
        // kernel's timestamps are checked by their order, not against this machine's timing.
        var sentAt = Stopwatch.GetTimestamp();
        _peer.SendTo([2, 2], _to);
        SpinWait.SpinUntil(() => Stopwatch.GetElapsedTime(sentAt) >= TimeSpan.FromMilliseconds(10));
        _peer.SendTo([3, 3], _to);
        var earlier = await SendAndPollUntilDeliveredAsync(poller, null);
        var later = await SendAndPollUntilDeliveredAsync(poller, null);

        Assert.Equal([2, 2], earlier.Datagram);
        Assert.Equal([3, 3], later.Datagram);
        Assert.True(earlier.OnPollingThread && later.OnPollingThread);
        Assert.Equal(_peer.LocalEndPoint, earlier.From);
        Assert.True(later.Waited >= TimeSpan.Zero, $"waited {later.Waited}");
        Assert.True(earlier.Waited > later.Waited, $"the earlier datagram waited {earlier.Waited}, the later {later.Waited}");
    }

    [Fact]
    public async Task An_empty_datagram_does_not_hold_up_the_ones_behind_it()
    {
        using var poller = _port.StartPolling()!;
        await SendAndPollUntilDeliveredAsync(poller, [1]);

        _peer.SendTo([], _to);
        _peer.SendTo([3], _to);
        var first = await SendAndPollUntilDeliveredAsync(poller, null);
        var second = await SendAndPollUntilDeliveredAsync(poller, null);

        Assert.Empty(first.Datagram);
        Assert.Equal([3], second.Datagram);
        Assert.True(second.OnPollingThread);
    }

    [Fact]
    public async Task Once_polling_ends_the_receive_thread_hands_datagrams_over_again()
    {
        var poller = _port.StartPolling()!;
        await SendAndPollUntilDeliveredAsync(poller, [1]);
        poller.Dispose();

        _peer.SendTo([4], _to);
        await Eventually.TrueAsync(() => !_delivered.IsEmpty, "the datagram after polling ended");

        Assert.True(_delivered.TryDequeue(out var delivery));
        Assert.Equal([4], delivery.Datagram);
        Assert.Equal(TimeSpan.Zero, delivery.Waited); // handed over at once, by the receive thread
    }

    [Fact]
    public async Task A_flood_hands_receiving_back_to_the_receive_thread()
    {
        using var poller = _port.StartPolling()!;
        await SendAndPollUntilDeliveredAsync(poller, [1]);

        const int Flood = 400;
        for (var i = 0; i < Flood; i++)
            _peer.SendTo(BitConverter.GetBytes(i), _to);
        // On this thread: polls hand nothing over until the receive thread has parked after its last datagram.
        var pollingThread = Environment.CurrentManagedThreadId;
        Assert.True(SpinWait.SpinUntil(
            () =>
            {
                poller.ReceivePending();
                return !_delivered.IsEmpty;
            },
            TimeSpan.FromSeconds(10)));
        await Eventually.TrueAsync(() => _delivered.Count == Flood, "every datagram of the flood");
        poller.ReceivePending();

        var delivered = _delivered.ToArray();
        Assert.Equal(Enumerable.Range(0, Flood), delivered.Select(d => BitConverter.ToInt32(d.Datagram)));
        // One poll's worth on the polling thread, the rest by the receive thread, at once.
        Assert.All(delivered[..UdpDatagramTransport.MaxDatagramsPerPoll], d => Assert.Equal(pollingThread, d.ThreadId));
        Assert.All(delivered[UdpDatagramTransport.MaxDatagramsPerPoll..], d => Assert.NotEqual(pollingThread, d.ThreadId));
        Assert.All(delivered[UdpDatagramTransport.MaxDatagramsPerPoll..], d => Assert.Equal(TimeSpan.Zero, d.Waited));
    }

    /// <summary>Sends <paramref name="datagram"/> (unless null) and polls until one datagram has been handed over.</summary>
    private async Task<Delivery> SendAndPollUntilDeliveredAsync(IDatagramPoller poller, byte[]? datagram)
    {
        if (datagram is not null)
            _peer.SendTo(datagram, _to);
        Delivery? delivery = null;
        await Eventually.TrueAsync(
            () =>
            {
                poller.ReceivePending();
                if (!_delivered.TryDequeue(out delivery))
                    return false;
                delivery = delivery with { OnPollingThread = delivery.ThreadId == Environment.CurrentManagedThreadId };
                return true;
            },
            "a datagram to be handed over");
        return delivery!;
    }

    private sealed record Delivery(byte[] Datagram, IPEndPoint From, TimeSpan Waited, int ThreadId, bool OnPollingThread = false);
}
