using System.Net;

namespace Sala.Calls.Transport;

/// <summary>
/// Wraps a transport and impairs what it sends, in process (these machines have no kernel traffic shaping): seeded
/// loss, delay, jitter (hence reordering) and duplication. Delayed datagrams wait in a queue served by one timer.
/// For tests and the hidden <c>--impair</c> flag; not on any real path.
/// </summary>
public sealed class ImpairedTransport : IDatagramTransport, IPollableTransport
{
    private readonly IDatagramTransport _inner;
    private readonly Impairment _impairment;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly PriorityQueue<Delayed, (long Due, long Order)> _queue = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private long _order;
    private bool _disposed;

    public ImpairedTransport(IDatagramTransport inner, Impairment impairment, TimeProvider time)
    {
        _inner = inner;
        _impairment = impairment;
        _time = time;
        _random = new Random(impairment.Seed);
        _timer = time.CreateTimer(_ => SendDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IPEndPoint LocalEndPoint => _inner.LocalEndPoint;

    public long Dropped { get; private set; }

    public long Duplicated { get; private set; }

    /// <summary>Datagrams (copies included) held back by the delay or the jitter before being sent.</summary>
    public long DelayedDatagrams { get; private set; }

    public void Start(DatagramReceived handler) => _inner.Start(handler);

    /// <summary>Only sending is impaired, so receiving may be polled as the inner transport allows.</summary>
    public IDatagramPoller? StartPolling() => (_inner as IPollableTransport)?.StartPolling();

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            if (_random.NextDouble() < _impairment.Loss)
            {
                Dropped++;
                return;
            }
            var copies = _random.NextDouble() < _impairment.Duplicate ? 2 : 1;
            if (copies == 2)
                Duplicated++;
            for (var i = 0; i < copies; i++)
            {
                var delay = _impairment.Delay + _impairment.Jitter * _random.NextDouble();
                if (delay <= TimeSpan.Zero)
                {
                    _inner.Send(datagram, destination);
                    continue;
                }
                DelayedDatagrams++;
                var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
                // Ties keep their sending order, so a zero-jitter delay never reorders.
                _queue.Enqueue(new Delayed(datagram.ToArray(), destination, due), (due, _order++));
                Rearm();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            // What is in flight still arrives, as on a real network: the last ENCERRAR must not vanish with us.
            while (_queue.TryDequeue(out var delayed, out _))
                _inner.Send(delayed.Datagram, delayed.To);
            _disposed = true;
        }
        await _timer.DisposeAsync();
        await _inner.DisposeAsync();
    }

    private void SendDue()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            while (_queue.TryPeek(out var next, out _) && next.Due <= now)
            {
                _queue.Dequeue();
                if (!_disposed)
                    _inner.Send(next.Datagram, next.To);
            }
            Rearm();
        }
    }

    private void Rearm()
    {
        if (!_queue.TryPeek(out var next, out _))
            return;
        var wait = _time.GetElapsedTime(_time.GetTimestamp(), next.Due);
        _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    private sealed record Delayed(byte[] Datagram, IPEndPoint To, long Due);
}
