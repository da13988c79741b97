using System.Net;
using System.Net.Sockets;
using Sala.Protocol.Registry;

namespace Sala.Registry;

public sealed partial class RegistryServer
{
    /// <summary>Connections refused by <see cref="RegistryServerOptions.MaxConnections"/> or the per-address limit.</summary>
    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    private long _refusedConnections;

    /// <summary>
    /// Counts the connection against the limits, or refuses it with one <c>ERR BUSY</c> line and closes it. The
    /// refusal is a single send into a new socket's empty buffer, so it never waits on the refused client. A TLS port
    /// closes without the line: a TLS client would read it as a broken handshake, and a handshake is what the limits spare.
    /// </summary>
    private bool TryAdmit(Socket socket, IPAddress? source)
    {
        string? refusal = null;
        if (_options.MaxConnections > 0 && _connections.Count >= _options.MaxConnections)
        {
            refusal = $"too many connections (limit {_options.MaxConnections})";
            _metrics.Refused("total");
        }
        else if (source is not null && _options.MaxConnectionsPerAddress > 0)
        {
            var held = _perAddress.AddOrUpdate(source, 1, (_, n) => n + 1);
            if (held > _options.MaxConnectionsPerAddress)
            {
                Release(source);
                refusal = $"too many connections from {source} (limit {_options.MaxConnectionsPerAddress})";
                _metrics.Refused("per_address");
            }
        }
        if (refusal is null)
            return true;
        Interlocked.Increment(ref _refusedConnections);
        try
        {
            socket.Blocking = false;
            if (_options.Tls is null)
            {
                var busy = new System.Buffers.ArrayBufferWriter<byte>();
                RegistryReplyWriter.Error(busy, RegistryErrorCode.Busy, refusal);
                socket.Send(busy.WrittenSpan);
            }
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        socket.Dispose();
        _log.ConnectionRefused(source, refusal);
        return false;
    }

    private void Release(IPAddress? source)
    {
        if (source is null || _options.MaxConnectionsPerAddress <= 0)
            return;
        // Decrement, and drop the entry at zero so a scan of many addresses leaves nothing behind.
        while (_perAddress.TryGetValue(source, out var held))
        {
            if (held <= 1 ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(source, held)) : _perAddress.TryUpdate(source, held - 1, held))
                return;
        }
    }
}
