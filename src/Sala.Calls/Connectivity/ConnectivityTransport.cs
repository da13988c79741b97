using System.Collections.Concurrent;
using System.Net;
using Sala.Calls.Transport;
using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>
/// The call port as NAT traversal needs it, around the real one: STUN (first byte 0-3, RFC 7983) is taken out of
/// the stream here and never reaches the call agent; what comes from the TURN server is unwrapped and handed on as
/// if it came from the peer; and a datagram for a peer reached through the relay is wrapped on its way out. The call
/// agent and the media above see one port and the peer's address, whichever way the call goes.
/// </summary>
public sealed class ConnectivityTransport : IDatagramTransport, IPollableTransport
{
    private readonly IDatagramTransport _inner;
    private readonly ConcurrentDictionary<string, IBindingRequestHandler> _checks = new(StringComparer.Ordinal);
    private DatagramReceived? _handler;
    private volatile TurnAllocation? _relay;
    private long _refusedStun;

    public ConnectivityTransport(IDatagramTransport inner, TimeProvider time)
    {
        _inner = inner;
        Time = time;
        Transactions = new StunTransactions(time);
    }

    public IPEndPoint LocalEndPoint => _inner.LocalEndPoint;

    /// <summary>True when the port reaches IPv6 peers too.</summary>
    public bool IsDualStack => _inner is UdpDatagramTransport { IsDualStack: true };

    /// <summary>STUN and TURN messages refused: malformed, failing integrity, unsolicited, or for nobody here.</summary>
    public long RefusedStun => Interlocked.Read(ref _refusedStun);

    internal TimeProvider Time { get; }

    internal StunTransactions Transactions { get; }

    internal TurnAllocation? Relay => _relay;

    public void Start(DatagramReceived handler)
    {
        _handler = handler;
        _inner.Start(OnDatagram);
    }

    public IDatagramPoller? StartPolling() => (_inner as IPollableTransport)?.StartPolling();

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        if (_relay is { } relay && relay.Routes(destination))
            relay.SendTo(destination, datagram);
        else
            _inner.Send(datagram, destination);
    }

    /// <summary>Releases the relay allocation while the port can still say so, then closes the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_relay is { } relay)
            await relay.DisposeAsync();
        await _inner.DisposeAsync();
    }

    /// <summary>Sends straight out of the port, past any relay route (to a STUN or TURN server, a direct check).</summary>
    internal void SendDirect(ReadOnlySpan<byte> datagram, IPEndPoint destination) => _inner.Send(datagram, destination);

    internal void UseRelay(TurnAllocation relay) => _relay = relay;

    /// <summary>Stops routing through <paramref name="relay"/>, unless another allocation has taken its place.</summary>
    internal void ForgetRelay(TurnAllocation relay) => Interlocked.CompareExchange(ref _relay, null, relay);

    internal void AddChecks(string localUsernameFragment, IBindingRequestHandler handler) => _checks[localUsernameFragment] = handler;

    internal void RemoveChecks(string localUsernameFragment) => _checks.TryRemove(localUsernameFragment, out _);

    internal void CountRefused() => Interlocked.Increment(ref _refusedStun);

    private void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from, TimeSpan waited)
    {
        if (_relay is { } relay && from.Equals(relay.Server))
        {
            switch (relay.TryUnwrap(datagram, out var peer, out var data))
            {
                case RelayedDatagram.FromPeer:
                    Deliver(data, peer, waited, viaRelay: true);
                    break;
                case RelayedDatagram.NotPeerData when StunMessage.LooksLikeStun(datagram):
                    OnStun(datagram, from, viaRelay: false);
                    break;
                case RelayedDatagram.NotPeerData:
                    CountRefused();
                    break;
            }
            return;
        }
        Deliver(datagram, from, waited, viaRelay: false);
    }

    private void Deliver(ReadOnlySpan<byte> datagram, IPEndPoint from, TimeSpan waited, bool viaRelay)
    {
        if (StunMessage.LooksLikeStun(datagram))
            OnStun(datagram, from, viaRelay);
        else
            _handler?.Invoke(datagram, from, waited);
    }

    private void OnStun(ReadOnlySpan<byte> datagram, IPEndPoint from, bool viaRelay)
    {
        if (!StunMessage.TryParse(datagram, out var message, out _))
        {
            CountRefused();
            return;
        }
        var handled = message.Class switch
        {
            StunClass.SuccessResponse or StunClass.ErrorResponse => Transactions.Complete(new StunReply(message, from, viaRelay)),
            StunClass.Request when message.Method == StunMethod.Binding => OnBindingRequest(message, from, viaRelay),
            // Keepalives (RFC 8445 §11): they only have to arrive.
            StunClass.Indication when message.Method == StunMethod.Binding => true,
            _ => false,
        };
        if (!handled)
            CountRefused();
    }

    private bool OnBindingRequest(StunMessage request, IPEndPoint from, bool viaRelay)
    {
        var username = request.GetString(StunAttributeType.Username);
        var colon = username?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && _checks.TryGetValue(username![..colon], out var checks) && checks.OnBindingRequest(request, from, viaRelay);
    }
}
