using System.Net;

namespace Sala.Calls.Transport;

/// <summary>A UDP port: sends datagrams, and hands every received one to the handler given to <see cref="Start"/>.</summary>
public interface IDatagramTransport : IDatagramSender, IAsyncDisposable
{
    IPEndPoint LocalEndPoint { get; }

    void Start(DatagramReceived handler);
}
