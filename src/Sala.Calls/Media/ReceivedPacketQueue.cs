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

    public ReceivedPacketQueue(int capacity = 128)
    {
        for (var i = 0; i < capacity; i++)
            _free.Enqueue(new ReceivedPacket());
    }

    public long Overruns => Interlocked.Read(ref _overruns);

    public bool TryEnqueue(ReadOnlySpan<byte> datagram, TimeSpan arrival)
    {
        if (datagram.Length > ReceivedPacket.Capacity || !_free.TryDequeue(out var packet))
        {
            Interlocked.Increment(ref _overruns);
            return false;
        }
        datagram.CopyTo(packet.Buffer);
        packet.Length = datagram.Length;
        packet.Arrival = arrival;
        _ready.Enqueue(packet);
        return true;
    }

    /// <summary>The oldest packet, if it arrived no later than <paramref name="arrivedBy"/>.</summary>
    public bool TryDequeue(TimeSpan arrivedBy, out ReceivedPacket packet)
    {
        if (_ready.TryPeek(out packet!) && packet.Arrival <= arrivedBy)
            return _ready.TryDequeue(out packet!);
        packet = null!;
        return false;
    }

    public void Return(ReceivedPacket packet) => _free.Enqueue(packet);
}
