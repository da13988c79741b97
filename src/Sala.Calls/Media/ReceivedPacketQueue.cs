using System.Collections.Concurrent;

namespace Sala.Calls.Media;

/// <summary>
/// Hands packets from the receive thread to the audio loop without allocating: a fixed pool of buffers goes round.
/// When the audio loop falls so far behind that the pool is empty, new packets are dropped and counted; the jitter
/// buffer then conceals them like any loss.
/// </summary>
internal sealed class ReceivedPacketQueue
{
    private readonly ConcurrentQueue<ReceivedPacket> _free = new();
    private readonly ConcurrentQueue<ReceivedPacket> _ready = new();
    private long _overruns;

    // The audio loop's packet taken off _ready but not due yet. ConcurrentQueue.TryPeek would do instead, but a peek
    // marks the queue's segment as observed, which stops it from being reused: the queue would then allocate a new
    // segment every few dozen packets for as long as the call lasts. Only the audio loop touches this field.
    private ReceivedPacket? _held;

    public ReceivedPacketQueue(int capacity = 128)
    {
        for (var i = 0; i < capacity; i++)
            _free.Enqueue(new ReceivedPacket());
    }

    public long Overruns => Interlocked.Read(ref _overruns);

    /// <summary>A free buffer holding a copy of <paramref name="datagram"/>; false (an overrun) when none is free.</summary>
    public bool TryRent(ReadOnlySpan<byte> datagram, TimeSpan arrival, out ReceivedPacket packet)
    {
        if (datagram.Length > ReceivedPacket.Capacity || !_free.TryDequeue(out packet!))
        {
            Interlocked.Increment(ref _overruns);
            packet = null!;
            return false;
        }
        datagram.CopyTo(packet.Buffer);
        packet.Length = datagram.Length;
        packet.Arrival = arrival;
        return true;
    }

    public void Enqueue(ReceivedPacket packet) => _ready.Enqueue(packet);

    /// <summary>The oldest packet, if it arrived no later than <paramref name="arrivedBy"/>.</summary>
    public bool TryDequeue(TimeSpan arrivedBy, out ReceivedPacket packet)
    {
        if (_held is null && _ready.TryDequeue(out var next))
            _held = next;
        if (_held is { } held && held.Arrival <= arrivedBy)
        {
            _held = null;
            packet = held;
            return true;
        }
        packet = null!;
        return false;
    }

    public void Return(ReceivedPacket packet) => _free.Enqueue(packet);
}
