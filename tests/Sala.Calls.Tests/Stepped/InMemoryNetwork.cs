using System.Net;
using Sala.Calls.Transport;

namespace Sala.Calls.Tests.Stepped;

/// <summary>
/// Ports that exchange datagrams in memory, with no delay of their own: what is sent waits here until the test calls
/// <see cref="Deliver"/>, which hands everything over on the test's thread, in order. A filter may drop or change
/// datagrams on the way, as a lossy or hostile network would.
/// </summary>
internal sealed class InMemoryNetwork
{
    private readonly Lock _gate = new();
    private readonly Queue<(byte[] Datagram, IPEndPoint From, IPEndPoint To)> _inFlight = new();
    private readonly Dictionary<IPEndPoint, Port> _ports = [];

    /// <summary>Sees each datagram on the way; returns false to lose it. May change its bytes.</summary>
    public Func<byte[], IPEndPoint, IPEndPoint, bool>? Filter { get; set; }

    public long Delivered { get; private set; }

    public IDatagramTransport Open(IPEndPoint at)
    {
        var port = new Port(this, at);
        lock (_gate)
            _ports.Add(at, port);
        return port;
    }

    /// <summary>Hands every datagram in flight to its port, and those sent meanwhile as answers, until none is left.</summary>
    public void Deliver()
    {
        while (true)
        {
            (byte[] Datagram, IPEndPoint From, IPEndPoint To) next;
            Port? port;
            lock (_gate)
            {
                if (!_inFlight.TryDequeue(out next))
                    return;
                _ports.TryGetValue(next.To, out port);
            }
            if (port?.Handler is not { } handler || Filter?.Invoke(next.Datagram, next.From, next.To) == false)
                continue;
            Delivered++;
            handler(next.Datagram, next.From, TimeSpan.Zero);
        }
    }

    /// <summary>Puts a datagram in flight as if <paramref name="from"/> had sent it: a forger on the path.</summary>
    public void Inject(byte[] datagram, IPEndPoint from, IPEndPoint to) => Send(datagram, from, to);

    private void Send(ReadOnlySpan<byte> datagram, IPEndPoint from, IPEndPoint to)
    {
        lock (_gate)
            _inFlight.Enqueue((datagram.ToArray(), from, to));
    }

    private void Close(IPEndPoint at)
    {
        lock (_gate)
            _ports.Remove(at);
    }

    private sealed class Port(InMemoryNetwork network, IPEndPoint at) : IDatagramTransport
    {
        public DatagramReceived? Handler { get; private set; }

        public IPEndPoint LocalEndPoint => at;

        public void Start(DatagramReceived handler) => Handler = handler;

        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination) => network.Send(datagram, at, destination);

        public ValueTask DisposeAsync()
        {
            network.Close(at);
            return ValueTask.CompletedTask;
        }
    }
}
