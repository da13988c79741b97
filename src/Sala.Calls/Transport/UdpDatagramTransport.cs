using System.Net;
using System.Net.Sockets;

namespace Sala.Calls.Transport;

/// <summary>The real UDP socket of a client: one port for signaling and media, bound on every IPv4 interface.</summary>
public sealed class UdpDatagramTransport : IDatagramTransport
{
    /// <summary>Larger than any datagram Sala sends (PCM frames are 1932 bytes); longer ones are dropped.</summary>
    private const int MaxDatagramBytes = 4096;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _closing = new();
    private Task _receiveLoop = Task.CompletedTask;

    private UdpDatagramTransport(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public long ReceiveErrors { get; private set; }

    /// <summary>Binds the port; 0 picks a free one.</summary>
    public static UdpDatagramTransport Bind(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException($"cannot use UDP port {port}: {ex.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "it is already in use",
                SocketError.AccessDenied => "permission denied",
                _ => ex.Message,
            }}", ex);
        }
        return new UdpDatagramTransport(socket);
    }

    public void Start(DatagramReceived handler) => _receiveLoop = Task.Run(() => ReceiveLoopAsync(handler));

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
        }
        catch (SocketException)
        {
            // UDP may lose any datagram; an unreachable peer shows up as silence, which the call handles.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _socket.Dispose();
        await _receiveLoop;
        _closing.Dispose();
    }

    private async Task ReceiveLoopAsync(DatagramReceived handler)
    {
        var buffer = new byte[MaxDatagramBytes];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_closing.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _closing.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors from earlier sends surface here on some systems; the socket is still good.
                ReceiveErrors++;
                continue;
            }
            try
            {
                handler(buffer.AsSpan(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint);
            }
            catch (Exception)
            {
                // A handler bug must not stop the port: the datagram is dropped, the next one is handled.
                ReceiveErrors++;
            }
        }
    }
}
