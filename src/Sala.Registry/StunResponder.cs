using System.Net;
using System.Net.Sockets;
using Sala.Protocol.Stun;

namespace Sala.Registry;

/// <summary>
/// The registry's STUN answer (RFC 8489 Binding) on UDP, on the same port number as its TCP service, so the registry
/// address is all a client needs to learn how its NAT maps it. Anything but a Binding request is dropped and counted.
/// </summary>
public sealed class StunResponder : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Task _loop;
    private readonly CancellationTokenSource _closing = new();
    private long _answered;
    private long _refused;

    private StunResponder(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    public long Answered => Interlocked.Read(ref _answered);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Binds UDP <paramref name="port"/> on <paramref name="address"/> (both IPv6 and IPv4 for the any-address).</summary>
    public static StunResponder Start(IPAddress address, int port)
    {
        var dual = address.Equals(IPAddress.Any) && Socket.OSSupportsIPv6;
        var socket = dual
            ? new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true }
            : new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(dual ? IPAddress.IPv6Any : address, port));
        }
        catch (SocketException) when (dual)
        {
            socket.Dispose();
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new StunResponder(socket);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _socket.Dispose();
        await _loop;
        _closing.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[StunMessage.MaxBytes];
        var any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_closing.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _closing.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP error from an earlier answer; the socket is fine
            }
            var from = (IPEndPoint)received.RemoteEndPoint;
            if (!StunMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var request, out _)
                || request.Method != StunMethod.Binding || request.Class != StunClass.Request)
            {
                Interlocked.Increment(ref _refused);
                continue;
            }
            var response = new StunMessageWriter(StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId)
                .AddXorAddress(StunAttributeType.XorMappedAddress, from)
                .AddFingerprint();
            Interlocked.Increment(ref _answered);
            try
            {
                _socket.SendTo(response.Written, SocketFlags.None, from);
            }
            catch (SocketException)
            {
            }
        }
    }
}
