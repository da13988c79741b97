using System.Net;
using BenchmarkDotNet.Attributes;
using Sala.Calls.Transport;

namespace Sala.Benchmarks.Micro;

/// <summary>
/// The real UDP transport on loopback: one RTP-sized datagram sent, and one sent and received by a second transport's
/// receive loop (a wait for the handler to see it), or collected by polling it as a call's media loop does, so that
/// the receive paths' allocations are counted too.
/// </summary>
[MemoryDiagnoser]
public class UdpTransportBenchmarks : IAsyncDisposable
{
    private readonly UdpDatagramTransport _sender = UdpDatagramTransport.Bind(0);
    private readonly UdpDatagramTransport _receiver = UdpDatagramTransport.Bind(0);
    private readonly UdpDatagramTransport _polled = UdpDatagramTransport.Bind(0);
    private readonly IDatagramPoller _poller;
    // Never started: nothing reads it, so the kernel drops what overflows its buffer, and the send alone is timed.
    private readonly UdpDatagramTransport _sink = UdpDatagramTransport.Bind(0);
    private readonly IPEndPoint _to;
    private readonly IPEndPoint _toSink;
    private readonly IPEndPoint _toPolled;
    private readonly byte[] _datagram = new byte[72];
    private long _received;

    public UdpTransportBenchmarks()
    {
        _datagram[0] = 0x80;
        _to = new IPEndPoint(IPAddress.Loopback, _receiver.LocalEndPoint.Port);
        _toSink = new IPEndPoint(IPAddress.Loopback, _sink.LocalEndPoint.Port);
        _toPolled = new IPEndPoint(IPAddress.Loopback, _polled.LocalEndPoint.Port);
        _receiver.Start((_, _, _) => Interlocked.Increment(ref _received));
        _polled.Start((_, _, _) => Interlocked.Increment(ref _received));
        _poller = _polled.StartPolling() ?? throw new PlatformNotSupportedException("no kernel receive times here");
    }

    [Benchmark(Baseline = true, Description = "UDP send")]
    public void Send() => _sender.Send(_datagram, _toSink);

    [Benchmark(Description = "UDP send + receive")]
    public void SendAndReceive()
    {
        var before = Interlocked.Read(ref _received);
        _sender.Send(_datagram, _to);
        var spin = new SpinWait();
        while (Interlocked.Read(ref _received) == before)
            spin.SpinOnce();
    }

    [Benchmark(Description = "UDP send + poll")]
    public void SendAndPoll()
    {
        var before = Interlocked.Read(ref _received);
        _sender.Send(_datagram, _toPolled);
        while (Interlocked.Read(ref _received) == before)
            _poller.ReceivePending();
    }

    public async ValueTask DisposeAsync()
    {
        _poller.Dispose();
        await _polled.DisposeAsync();
        await _sender.DisposeAsync();
        await _receiver.DisposeAsync();
        await _sink.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
