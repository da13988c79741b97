using System.Net;
using Sala.Calls.Media;
using Sala.Calls.Transport;

namespace Sala.Benchmarks.Micro;

/// <summary>Hands every sent packet straight back to the session as if the peer had sent it: one stream both ways.</summary>
internal sealed class LoopbackSender : IDatagramSender
{
    public MediaSession? Session { get; set; }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination) => Session?.OnRtp(datagram, TimeSpan.Zero);
}
