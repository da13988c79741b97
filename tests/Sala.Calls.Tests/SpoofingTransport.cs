using System.Net;
using Sala.Calls.Transport;

namespace Sala.Calls.Tests;

/// <summary>
/// A network where the test can make a datagram arrive from any address it likes: what an attacker on the path, or
/// anyone where source addresses are not checked, can do and a loopback socket cannot.
/// </summary>
internal sealed class SpoofingTransport(IDatagramTransport inner) : IDatagramTransport
{
    private DatagramReceived? _handler;

    public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

    public void Start(DatagramReceived handler)
    {
        _handler = handler;
        inner.Start(handler);
    }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination) => inner.Send(datagram, destination);

    /// <summary>Delivers <paramref name="datagram"/> as if it had come from <paramref name="from"/>.</summary>
    public void Arrive(byte[] datagram, IPEndPoint from) =>
        (_handler ?? throw new InvalidOperationException("not started"))(datagram, from, TimeSpan.Zero);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
