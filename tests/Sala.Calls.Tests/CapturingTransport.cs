using System.Collections.Concurrent;
using System.Net;
using Sala.Calls.Transport;

namespace Sala.Calls.Tests;

/// <summary>A wire tap: keeps a copy of every datagram sent, as a packet capture on the port would.</summary>
internal sealed class CapturingTransport(IDatagramTransport inner) : IDatagramTransport, IPollableTransport
{
    public ConcurrentQueue<byte[]> Sent { get; } = new();

    public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

    public void Start(DatagramReceived handler) => inner.Start(handler);

    public IDatagramPoller? StartPolling() => (inner as IPollableTransport)?.StartPolling();

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        Sent.Enqueue(datagram.ToArray());
        inner.Send(datagram, destination);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
