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

    // The last destination with its socket address, so that sending to the same peer again (every 20 ms in a call)
    // serializes nothing: Socket.SendTo with an EndPoint builds a new SocketAddress each time. Replaced as a whole,
    // because the media loop and signaling send from different threads.
    private volatile SerializedEndPoint? _lastDestination;

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

    /// <summary>
    /// The receive loop has a thread of its own, blocked in the kernel until a datagram comes: an asynchronous receive
    /// completes through the epoll thread and then a thread-pool worker, two wake-ups for each of the 50 packets a
    /// second of a call, and the worker spins looking for more work after each (docs/benchmarks.md, CPU of a call).
    /// </summary>
    public void Start(DatagramReceived handler) => _receiveLoop = Task.Factory.StartNew(
        () => ReceiveLoop(handler), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        try
        {
            var serialized = _lastDestination;
            if (serialized is null || !serialized.EndPoint.Equals(destination))
                _lastDestination = serialized = new SerializedEndPoint(destination, destination.Serialize());
            _socket.SendTo(datagram, SocketFlags.None, serialized.Address);
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

    private void ReceiveLoop(DatagramReceived handler)
    {
        Thread.CurrentThread.Name = "sala udp receive";
        var buffer = new byte[MaxDatagramBytes];
        // Received into a SocketAddress, not an EndPoint: the EndPoint overload allocates an IPEndPoint (and its
        // IPAddress) per datagram. The sender's IPEndPoint is made only when it differs from the previous one's,
        // which in a call is almost never.
        var address = new SocketAddress(AddressFamily.InterNetwork);
        var previousAddress = new SocketAddress(AddressFamily.InterNetwork);
        var any = new IPEndPoint(IPAddress.Any, 0);
        IPEndPoint? previous = null;
        while (!_closing.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (_closing.IsCancellationRequested)
            {
                // Disposing the socket interrupts the blocked receive.
                return;
            }
            catch (SocketException)
            {
                // ICMP errors from earlier sends surface here on some systems; the socket is still good.
                ReceiveErrors++;
                continue;
            }
            if (previous is null || !address.Equals(previousAddress))
            {
                previous = (IPEndPoint)any.Create(address);
                address.Buffer.CopyTo(previousAddress.Buffer);
                previousAddress.Size = address.Size;
            }
            try
            {
                handler(buffer.AsSpan(0, length), previous);
            }
            catch (Exception)
            {
                // A handler bug must not stop the port: the datagram is dropped, the next one is handled.
                ReceiveErrors++;
            }
        }
    }
}
