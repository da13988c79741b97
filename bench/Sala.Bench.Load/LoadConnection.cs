using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sala.Bench.Load;

/// <summary>
/// One client connection of the load: sends requests and counts reply lines, with no parsing and no allocation per
/// request, so the client costs the same whichever server it drives.
/// </summary>
internal sealed class LoadConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _receive;

    private LoadConnection(Socket socket, int receiveBufferSize)
    {
        _socket = socket;
        _receive = new byte[receiveBufferSize];
    }

    /// <summary><paramref name="receiveBufferSize"/>: 64 KiB for a connection that drives load, less for one only held open.</summary>
    public static async Task<LoadConnection> ConnectAsync(IPEndPoint server, IPAddress? source = null, int receiveBufferSize = 64 * 1024)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (source is not null)
            socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(server);
        return new LoadConnection(socket, receiveBufferSize);
    }

    /// <summary>Sends one request whose reply is one line, and checks that the reply is a success.</summary>
    public async Task RequestOkAsync(byte[] request)
    {
        await _socket.SendAsync(request, SocketFlags.None);
        var received = 0;
        while (Array.IndexOf(_receive, (byte)'\n', 0, received) < 0)
        {
            var n = await _socket.ReceiveAsync(_receive.AsMemory(received), SocketFlags.None);
            if (n == 0)
                throw new IOException("the server closed the connection");
            received += n;
        }
        if (_receive[0] != (byte)'+' && !(_receive[0] == (byte)'O' && _receive[1] == (byte)'K'))
            throw new InvalidOperationException($"refused: {System.Text.Encoding.UTF8.GetString(_receive, 0, received).TrimEnd()}");
    }

    /// <summary>
    /// Keeps <paramref name="depth"/> requests in flight until <paramref name="deadline"/> (a Stopwatch timestamp),
    /// then drains; returns how many replies came back and records each one's latency.
    /// </summary>
    public async Task<long> RunAsync(byte[] request, int linesPerReply, int depth, long deadline, LatencyHistogram latencies)
    {
        var block = new byte[request.Length * depth];
        for (var i = 0; i < depth; i++)
            request.CopyTo(block, i * request.Length);
        var sentAt = new long[depth];
        long sent = 0;
        long completed = 0;
        var lines = 0;
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < depth; i++)
            sentAt[sent++ % depth] = now;
        await _socket.SendAsync(block, SocketFlags.None);
        while (true)
        {
            var n = await _socket.ReceiveAsync(_receive, SocketFlags.None);
            if (n == 0)
                throw new IOException("the server closed the connection");
            lines += _receive.AsSpan(0, n).Count((byte)'\n');
            var replies = lines / linesPerReply;
            lines -= replies * linesPerReply;
            now = Stopwatch.GetTimestamp();
            for (var i = 0; i < replies; i++)
                latencies.Record(now - sentAt[completed++ % depth]);
            var inFlight = (int)(sent - completed);
            if (now >= deadline)
            {
                if (inFlight == 0)
                    return completed;
                continue;
            }
            var refill = depth - inFlight;
            if (refill == 0)
                continue;
            for (var i = 0; i < refill; i++)
                sentAt[sent++ % depth] = now;
            await _socket.SendAsync(block.AsMemory(0, refill * request.Length), SocketFlags.None);
        }
    }

    public void Dispose() => _socket.Dispose();
}
