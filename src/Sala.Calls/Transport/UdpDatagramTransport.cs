using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sala.Calls.Transport;

/// <summary>
/// The real UDP socket of a client: one port for signaling, media, STUN and TURN, bound on every interface, IPv6 and
/// IPv4 alike (a dual-stack socket) where the machine has IPv6, IPv4 only otherwise. IPv4 peers always appear as
/// plain IPv4 endpoints, never as ::ffff:a.b.c.d.
/// </summary>
public sealed class UdpDatagramTransport : IDatagramTransport, IPollableTransport
{
    /// <summary>Larger than any datagram Sala sends (PCM frames are 1932 bytes); longer ones are dropped.</summary>
    private const int MaxDatagramBytes = 4096;

    /// <summary>
    /// Asked of the kernel, which grants up to twice net.core.rmem_max: while a call polls the port, datagrams wait up
    /// to a frame in the socket, and the default (208 KiB, about 250 small datagrams) let a burst of garbage push
    /// the call's own packets out.
    /// </summary>
    private const int ReceiveBufferBytes = 1 << 20;

    /// <summary>
    /// Datagrams one poll hands over at most (five seconds of a call's). A poll that finds this many is a flood: the
    /// frame must not wait for it, and the receive thread, which reads as fast as they come, takes over again.
    /// </summary>
    internal const int MaxDatagramsPerPoll = 256;

    private readonly Socket _socket;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _closing = new();
    private Task _receiveLoop = Task.CompletedTask;
    private DatagramReceived? _handler;
    private long _receiveErrors;

    // Whoever reads the socket (the receive thread, or a poller while the thread is parked) receives into these.
    // Into a SocketAddress, not an EndPoint: the EndPoint overload allocates an IPEndPoint (and its IPAddress) per
    // datagram. The sender's IPEndPoint is made only when it differs from the previous one's, which in a call is
    // almost never.
    private readonly byte[] _buffer = new byte[MaxDatagramBytes];
    private readonly SocketAddress _address;
    private readonly SocketAddress _previousAddress;
    private readonly IPEndPoint _any;
    private IPEndPoint? _previous;

    // Polling: while any poller is open the receive thread parks, and pollers read only once it has (it may still be
    // blocked in its last receive, and hands over that datagram itself). The poll gate orders the count against the
    // parked flag; the read gate keeps two pollers (a call's media stopping while the next one starts) from reading
    // at once. Nothing is called holding the poll gate, and pollers are opened on their own threads, never under a
    // caller's lock, since the handler takes the call agent's.
    private readonly Lock _pollGate = new();
    private readonly Lock _readGate = new();
    private readonly ManualResetEventSlim _threadMayReceive = new(initialState: true);
    private int _pollers;
    private int _threadParked;

    // The last destination with its socket address, so that sending to the same peer again (every 20 ms in a call)
    // serializes nothing: Socket.SendTo with an EndPoint builds a new SocketAddress each time. Replaced as a whole,
    // because the media loop and signaling send from different threads.
    private volatile SerializedEndPoint? _lastDestination;

    private UdpDatagramTransport(Socket socket, ILogger? log)
    {
        _socket = socket;
        _log = log ?? NullLogger.Instance;
        var family = socket.AddressFamily;
        _address = new SocketAddress(family);
        _previousAddress = new SocketAddress(family);
        _any = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        LocalEndPoint = local.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.Any, local.Port) : local;
    }

    /// <summary>True when the port also reaches IPv6 peers.</summary>
    public bool IsDualStack => _socket.AddressFamily == AddressFamily.InterNetworkV6;

    public IPEndPoint LocalEndPoint { get; }

    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>
    /// Binds the port on IPv6 and IPv4 (IPv4 alone where the machine has no IPv6); 0 picks a free one. Errors the port
    /// survives (counted in <see cref="ReceiveErrors"/>) are logged to <paramref name="log"/> once each, with their cause.
    /// </summary>
    public static UdpDatagramTransport Bind(int port, ILogger? log = null)
    {
        if (Socket.OSSupportsIPv6)
        {
            Socket? dual = null;
            try
            {
                dual = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true, ReceiveBufferSize = ReceiveBufferBytes };
                dual.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                return new UdpDatagramTransport(dual, log);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is not (SocketError.AddressAlreadyInUse or SocketError.AccessDenied))
            {
                // IPv6 turned off in this namespace or kernel: IPv4 alone.
                dual?.Dispose();
            }
            catch (SocketException ex)
            {
                dual?.Dispose();
                throw CannotUse(port, ex);
            }
        }
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = ReceiveBufferBytes };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw CannotUse(port, ex);
        }
        return new UdpDatagramTransport(socket, log);
    }

    private static IOException CannotUse(int port, SocketException ex) =>
        new($"cannot use UDP port {port}: {ex.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => "it is already in use",
            SocketError.AccessDenied => "permission denied",
            _ => ex.Message,
        }}", ex);

    /// <summary>
    /// The receive loop has a thread of its own, blocked in the kernel until a datagram comes: an asynchronous receive
    /// completes through the epoll thread and then a thread-pool worker, two wake-ups for each of the 50 packets a
    /// second of a call, and the worker spins looking for more work after each (docs/benchmarks.md, CPU of a call).
    /// </summary>
    public void Start(DatagramReceived handler)
    {
        _handler = handler;
        _receiveLoop = Task.Factory.StartNew(ReceiveLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public IDatagramPoller? StartPolling()
    {
        if (_handler is null || !KernelReceiveTime.TryTurnOn(_socket))
            return null;
        lock (_pollGate)
        {
            if (_pollers++ == 0)
                _threadMayReceive.Reset();
        }
        return new Poller(this);
    }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        try
        {
            var serialized = _lastDestination;
            if (serialized is null || !serialized.EndPoint.Equals(destination))
                _lastDestination = serialized = new SerializedEndPoint(destination, OnTheSocket(destination).Serialize());
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

    /// <summary>A dual-stack socket sends to IPv4 peers through their ::ffff: form.</summary>
    private IPEndPoint OnTheSocket(IPEndPoint destination) =>
        IsDualStack && destination.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(destination.Address.MapToIPv6(), destination.Port)
            : destination;

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _socket.Dispose();
        await _receiveLoop;
        _closing.Dispose();
        _threadMayReceive.Dispose();
    }

    private void ReceiveLoop()
    {
        Thread.CurrentThread.Name = "sala udp receive";
        while (!_closing.IsCancellationRequested)
        {
            if (WaitWhilePolled())
                continue;
            int length;
            try
            {
                length = _socket.ReceiveFrom(_buffer, SocketFlags.None, _address);
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
            catch (SocketException ex)
            {
                // ICMP errors from earlier sends surface here on some systems; the socket is still good.
                Interlocked.Increment(ref _receiveErrors);
                _log.ReceiveFailed(LocalEndPoint.Port, ex.SocketErrorCode, ex);
                continue;
            }
            Deliver(length, TimeSpan.Zero);
        }
    }

    /// <summary>Parks the receive thread while a poller is open; true when it did (or the transport is closing).</summary>
    private bool WaitWhilePolled()
    {
        lock (_pollGate)
        {
            if (_pollers == 0)
            {
                _threadParked = 0;
                return false;
            }
            _threadParked = 1;
        }
        try
        {
            _threadMayReceive.Wait(_closing.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return true;
    }

    /// <summary>Hands over what waits in the socket, at most <see cref="MaxDatagramsPerPoll"/>; returns how many.</summary>
    private int ReceivePending()
    {
        // Read once: it can only turn back to 0 when no poller is open, and the one calling is.
        if (Volatile.Read(ref _threadParked) == 0)
            return 0;
        var handed = 0;
        lock (_readGate)
        {
            var utcNow = DateTime.UtcNow;
            try
            {
                for (; handed < MaxDatagramsPerPoll && _socket.Poll(0, SelectMode.SelectRead); handed++)
                {
                    int length;
                    try
                    {
                        length = _socket.ReceiveFrom(_buffer, SocketFlags.None, _address);
                    }
                    catch (SocketException ex)
                    {
                        Interlocked.Increment(ref _receiveErrors);
                        _log.ReceiveFailed(LocalEndPoint.Port, ex.SocketErrorCode, ex);
                        continue;
                    }
                    Deliver(length, KernelReceiveTime.AgeOfLast(_socket, utcNow));
                }
            }
            catch (ObjectDisposedException)
            {
            }
        }
        return handed;
    }

    private void StopPolling()
    {
        lock (_pollGate)
        {
            if (--_pollers == 0)
                _threadMayReceive.Set();
        }
    }

    private void Deliver(int length, TimeSpan waited)
    {
        if (_previous is null || !_address.Equals(_previousAddress))
        {
            var from = (IPEndPoint)_any.Create(_address);
            _previous = from.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(from.Address.MapToIPv4(), from.Port) : from;
            _address.Buffer.CopyTo(_previousAddress.Buffer);
            _previousAddress.Size = _address.Size;
        }
        try
        {
            _handler!(_buffer.AsSpan(0, length), _previous, waited);
        }
        catch (Exception ex)
        {
            // A handler bug must not stop the port: the datagram is dropped, the next one is handled.
            Interlocked.Increment(ref _receiveErrors);
            _log.HandlerFailed(LocalEndPoint.Port, length, _previous, ex);
        }
    }

    private sealed class Poller(UdpDatagramTransport transport) : IDatagramPoller
    {
        private bool _disposed;

        public void ReceivePending()
        {
            if (!_disposed && transport.ReceivePending() >= MaxDatagramsPerPoll)
                Dispose();
        }

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            transport.StopPolling();
        }
    }
}
