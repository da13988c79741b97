using Sala.Calls.Media;

namespace Sala.Calls.Tests.Media;

/// <summary>The hand-over from the receive thread to the audio loop, on given arrival times: no thread, no clock.</summary>
public sealed class ReceivedPacketQueueTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void A_packet_comes_out_as_it_went_in_with_its_arrival_time()
    {
        var queue = new ReceivedPacketQueue(capacity: 2);
        Assert.True(queue.TryRent([1, 2, 3], 5 * Ms, out var packet));
        queue.Enqueue(packet);

        Assert.True(queue.TryDequeue(5 * Ms, out var taken));
        Assert.Same(packet, taken);
        Assert.Equal([1, 2, 3], taken.Buffer[..taken.Length]);
        Assert.Equal(5 * Ms, taken.Arrival);
        Assert.False(queue.TryDequeue(TimeSpan.MaxValue, out _));
    }

    [Fact]
    public void Only_what_arrived_by_the_frames_time_is_handed_over_in_arrival_order()
    {
        var queue = new ReceivedPacketQueue();
        foreach (var (payload, arrival) in new[] { ((byte)1, 10), ((byte)2, 15), ((byte)3, 30) })
        {
            Assert.True(queue.TryRent([payload], arrival * Ms, out var packet));
            queue.Enqueue(packet);
        }

        Assert.False(queue.TryDequeue(9 * Ms, out _));
        Assert.Equal([1, 2], Drain(queue, 20 * Ms));
        Assert.Equal([3], Drain(queue, 30 * Ms));
    }

    [Fact]
    public void An_empty_pool_drops_and_counts_until_a_buffer_is_returned()
    {
        var queue = new ReceivedPacketQueue(capacity: 2);
        Assert.True(queue.TryRent([1], Ms, out var first));
        Assert.True(queue.TryRent([2], Ms, out var second));
        Assert.False(queue.TryRent([3], Ms, out _));
        Assert.Equal(1, queue.Overruns);

        queue.Return(first);
        Assert.True(queue.TryRent([4], Ms, out var reused));
        Assert.Same(first, reused);
        Assert.Equal([4], reused.Buffer[..reused.Length]);
        Assert.Equal(1, queue.Overruns);
        queue.Return(second);
    }

    [Fact]
    public void A_datagram_larger_than_a_buffer_is_an_overrun_and_takes_no_buffer()
    {
        var queue = new ReceivedPacketQueue(capacity: 1);
        Assert.False(queue.TryRent(new byte[ReceivedPacket.Capacity + 1], Ms, out _));
        Assert.Equal(1, queue.Overruns);
        Assert.True(queue.TryRent(new byte[ReceivedPacket.Capacity], Ms, out _));
    }

    private static List<byte> Drain(ReceivedPacketQueue queue, TimeSpan arrivedBy)
    {
        var payloads = new List<byte>();
        while (queue.TryDequeue(arrivedBy, out var packet))
        {
            payloads.Add(packet.Buffer[0]);
            queue.Return(packet);
        }
        return payloads;
    }
}
