using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sala.Registry.Tests;

/// <summary>
/// A client that pipelines requests and reads nothing until told to: its receive buffer is the smallest the kernel
/// allows, so the replies to a few hundred LISTs back up into the server, which must then wait for room to send.
/// Every read is bounded by <see cref="Patience"/>, so a reply that never comes fails the test instead of hanging it.
/// </summary>
internal sealed class SlowReader : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly MemoryStream _received = new();
    private Task _writing = Task.CompletedTask;

    private SlowReader(Socket socket) => _socket = socket;

    public static async Task<SlowReader> ConnectAsync(IPEndPoint server)
    {
        // Set before connecting, so the window the client offers is small from its first segment.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
        await socket.ConnectAsync(server);
        return new SlowReader(socket);
    }

    /// <summary>One request and its one-line reply, before the client stops reading.</summary>
    public async Task<string> RequestAsync(string line)
    {
        await _socket.SendAsync(Encoding.UTF8.GetBytes(line + "\n"));
        var reply = Encoding.UTF8.GetString(await ReadUntilNewlineAsync());
        return reply[..^1];
    }

    /// <summary>
    /// Starts writing <paramref name="requests"/> and does not wait: once the server stops reading (its replies back
    /// up), the write completes only after this client reads.
    /// </summary>
    public void StartWriting(string requests) => _writing = _socket.SendAsync(Encoding.UTF8.GetBytes(requests));

    /// <summary>Waits until the server has begun to send replies: it has read the requests and answered them.</summary>
    public Task RepliesArrivingAsync() => Eventually.TrueAsync(() => _socket.Available > 0, "the server's first replies", Patience);

    /// <summary>Reads exactly <paramref name="count"/> bytes (what follows is for <see cref="RequestAsync"/>).</summary>
    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        // Room to take the backlog quickly now that the test no longer wants it held.
        _socket.ReceiveBufferSize = 1 << 20;
        var all = new byte[count];
        using var timeout = new CancellationTokenSource(Patience);
        var read = 0;
        while (read < count)
        {
            var got = await _socket.ReceiveAsync(all.AsMemory(read), SocketFlags.None, timeout.Token);
            if (got == 0)
                throw new EndOfStreamException($"the server closed the connection after {read} of {count} bytes");
            read += got;
        }
        await _writing.WaitAsync(Patience);
        return all;
    }

    /// <summary>Reads until the server ends the stream (a reset ends it too).</summary>
    public async Task<byte[]> ReadToEndAsync()
    {
        _socket.ReceiveBufferSize = 1 << 20;
        using var timeout = new CancellationTokenSource(Patience);
        using var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) is var got and > 0)
                all.Write(buffer, 0, got);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        return all.ToArray();
    }

    private async Task<byte[]> ReadUntilNewlineAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var one = new byte[1];
        _received.SetLength(0);
        while (true)
        {
            if (await _socket.ReceiveAsync(one, SocketFlags.None, timeout.Token) == 0)
                throw new EndOfStreamException("the server closed the connection");
            _received.WriteByte(one[0]);
            if (one[0] == (byte)'\n')
                return _received.ToArray();
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _received.Dispose();
        return ValueTask.CompletedTask;
    }
}
