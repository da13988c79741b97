using System.Collections.Immutable;
using System.Net;
using Sala.Protocol.Ice;
using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>
/// One relayed address on a TURN server (RFC 8656), held for one call: allocated with long-term credentials,
/// permissions for the peer's addresses, a channel to the chosen peer, all refreshed before they expire, and
/// released at the end. Data to a peer goes as ChannelData once its channel is bound, as Send indications before.
/// </summary>
internal sealed class TurnAllocation : IAsyncDisposable
{
    /// <summary>Permissions last 5 minutes, channels 10 (RFC 8656 §9, §12): refreshed well before.</summary>
    private static readonly TimeSpan PermissionRefresh = TimeSpan.FromMinutes(4);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A relay that does not answer within 0.7 s is done without for this call: the answer to an offer waits on it, and
    /// the caller waits 3 s for that answer.
    /// </summary>
    private static readonly TimeSpan[] AllocateSchedule =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)];

    /// <summary>Tries at binding a channel, then the call goes on with Send indications until the next refresh tries again.</summary>
    private static readonly TimeSpan[] ChannelRetries = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    private const uint UdpTransport = 17u << 24;

    private readonly ConnectivityTransport _transport;
    private readonly TurnServer _config;
    private readonly Lock _gate = new();
    private readonly ITimer _refresh;
    private string _realm = "";
    private string _nonce = "";
    private byte[] _key = [];
    private TimeSpan _lifetime;
    private DateTimeOffset _nextAllocationRefresh;
    private ImmutableHashSet<IPAddress> _permitted = [];
    private ImmutableDictionary<IPEndPoint, ushort> _channelOf = ImmutableDictionary<IPEndPoint, ushort>.Empty;
    private ImmutableDictionary<ushort, IPEndPoint> _peerOf = ImmutableDictionary<ushort, IPEndPoint>.Empty;
    private ImmutableHashSet<IPEndPoint> _routed = [];
    private readonly Dictionary<IPEndPoint, ushort> _reserved = [];
    private ushort _nextChannel = TurnChannelData.FirstChannel;
    private long _unsolicited;
    private int _allocationRefreshes;
    private int _permissionRefreshes;
    private bool _disposed;

    private TurnAllocation(ConnectivityTransport transport, TurnServer config, IPEndPoint server)
    {
        _transport = transport;
        _config = config;
        Server = server;
        _refresh = transport.Time.CreateTimer(_ => _ = RefreshAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IPEndPoint Server { get; }

    /// <summary>The address on the relay that the peer sends to.</summary>
    public IPEndPoint RelayedAddress { get; private set; } = null!;

    /// <summary>This side's address as the relay saw it: a server-reflexive candidate for free.</summary>
    public IPEndPoint? MappedAddress { get; private set; }

    public TurnServer Config => _config;

    /// <summary>Data from the relay that was not from a permitted peer or not well formed.</summary>
    public long Unsolicited => Interlocked.Read(ref _unsolicited);

    public static async Task<TurnAllocation> AllocateAsync(ConnectivityTransport transport, TurnServer config, CancellationToken cancellationToken)
    {
        var (server, whyNot) = await HostResolver.ResolveAsync(config.Host, config.Port, cancellationToken);
        if (server is null)
            throw new TurnException($"cannot find the relay {config.Host}: {whyNot}");
        var allocation = new TurnAllocation(transport, config, server);
        transport.UseRelay(allocation);
        try
        {
            await allocation.AllocateAsync(cancellationToken);
            return allocation;
        }
        catch
        {
            transport.ForgetRelay(allocation);
            await allocation._refresh.DisposeAsync();
            throw;
        }
    }

    /// <summary>Lets <paramref name="peers"/> send to the relayed address (permissions go by IP address alone).</summary>
    public async Task PermitAsync(IEnumerable<IPAddress> peers, CancellationToken cancellationToken)
    {
        var fresh = peers.Select(Normalize).Where(a => a.AddressFamily == RelayedAddress.AddressFamily && !_permitted.Contains(a)).Distinct().ToList();
        if (fresh.Count > 0 && await CreatePermissionsAsync(fresh, cancellationToken))
            ImmutableInterlocked.Update(ref _permitted, set => set.Union(fresh));
    }

    /// <summary>Allocation refreshes the relay accepted: a test (or a curious user) sees the allocation kept alive.</summary>
    internal int AllocationRefreshes => Volatile.Read(ref _allocationRefreshes);

    /// <summary>Permission refreshes the relay accepted.</summary>
    internal int PermissionRefreshes => Volatile.Read(ref _permissionRefreshes);

    private async Task<bool> CreatePermissionsAsync(IReadOnlyCollection<IPAddress> peers, CancellationToken cancellationToken)
    {
        var reply = await RequestAsync(StunMethod.CreatePermission, writer =>
        {
            foreach (var peer in peers)
                writer.AddXorAddress(StunAttributeType.XorPeerAddress, new IPEndPoint(peer, 9));
        }, cancellationToken);
        return reply?.Message.Class == StunClass.SuccessResponse;
    }

    /// <summary>Binds a channel to <paramref name="peer"/> (which also keeps its permission); false when refused.</summary>
    public async Task<bool> BindChannelAsync(IPEndPoint peer, CancellationToken cancellationToken)
    {
        peer = Normalize(peer);
        ushort channel;
        lock (_gate)
        {
            // One number per peer for the allocation's life: a refresh and a retry binding at once must agree. It is
            // known for receiving at once: the relay may send ChannelData before its answer to the bind arrives.
            if (!_reserved.TryGetValue(peer, out channel))
            {
                _reserved[peer] = channel = _nextChannel++;
                _peerOf = _peerOf.SetItem(channel, peer);
            }
        }
        var reply = await RequestAsync(StunMethod.ChannelBind, writer => writer
            .AddUInt32(StunAttributeType.ChannelNumber, (uint)channel << 16)
            .AddXorAddress(StunAttributeType.XorPeerAddress, peer), cancellationToken);
        if (reply?.Message.Class != StunClass.SuccessResponse)
            return false;
        lock (_gate)
            _channelOf = _channelOf.SetItem(peer, channel);
        return true;
    }

    /// <summary>
    /// From now on, whatever the call sends to <paramref name="peer"/> goes through the relay, on a channel as soon as
    /// one is bound (a few tries now, and again at each refresh).
    /// </summary>
    public void RouteThroughRelay(IPEndPoint peer)
    {
        peer = Normalize(peer);
        ImmutableInterlocked.Update(ref _routed, set => set.Add(peer));
        _ = BindWithRetriesAsync(peer);
    }

    private async Task BindWithRetriesAsync(IPEndPoint peer)
    {
        foreach (var wait in ChannelRetries)
        {
            if (_disposed || await BindChannelAsync(peer, CancellationToken.None))
                return;
            await Task.Delay(wait, _transport.Time);
        }
    }

    public bool Routes(IPEndPoint peer) => !_routed.IsEmpty && _routed.Contains(peer);

    /// <summary>Sends <paramref name="data"/> to <paramref name="peer"/> from the relayed address.</summary>
    public void SendTo(IPEndPoint peer, ReadOnlySpan<byte> data)
    {
        if (_channelOf.TryGetValue(peer, out var channel) && data.Length <= StunMessage.MaxBytes)
        {
            Span<byte> framed = stackalloc byte[TurnChannelData.HeaderSize + data.Length];
            TurnChannelData.Write(channel, data, framed);
            _transport.SendDirect(framed, Server);
            return;
        }
        var indication = new StunMessageWriter(StunMethod.Send, StunClass.Indication, StunTransactionId.NewRandom())
            .AddXorAddress(StunAttributeType.XorPeerAddress, peer)
            .Add(StunAttributeType.Data, data);
        _transport.SendDirect(indication.Written, Server);
    }

    /// <summary>
    /// Takes what the relay forwards from a peer: ChannelData on a channel we asked for, or a Data indication from a
    /// permitted peer. Responses from the server are <see cref="RelayedDatagram.NotPeerData"/>, for their transactions.
    /// </summary>
    public RelayedDatagram TryUnwrap(ReadOnlySpan<byte> datagram, out IPEndPoint peer, out ReadOnlySpan<byte> data)
    {
        peer = null!;
        data = default;
        if (datagram.Length > 0 && datagram[0] is >= 0x40 and <= 0x4F)
        {
            if (TurnChannelData.TryRead(datagram, out var channel, out data) && _peerOf.TryGetValue(channel, out var bound))
            {
                peer = bound;
                return RelayedDatagram.FromPeer;
            }
            data = default;
            return Refuse();
        }
        if (!StunMessage.LooksLikeStun(datagram) || !StunMessage.TryParse(datagram, out var message, out _)
            || message.Method != StunMethod.Data || message.Class != StunClass.Indication)
            return RelayedDatagram.NotPeerData;
        if (!message.TryGetXorAddress(StunAttributeType.XorPeerAddress, out var from) || !message.TryGetValue(StunAttributeType.Data, out data)
            || !_permitted.Contains(Normalize(from.Address)))
        {
            data = default;
            return Refuse();
        }
        peer = Normalize(from);
        return RelayedDatagram.FromPeer;
    }

    private RelayedDatagram Refuse()
    {
        Interlocked.Increment(ref _unsolicited);
        _transport.CountRefused();
        return RelayedDatagram.Refused;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        await _refresh.DisposeAsync();
        _transport.ForgetRelay(this);
        // Released at once rather than left to expire (RFC 8656 §7): an allocation left behind would refuse the next
        // one from this port (437) for its whole lifetime. Sent twice, answered or not: it must not hold up hanging up.
        if (RelayedAddress is not null)
        {
            var writer = Authenticated(StunMethod.Refresh, w => w.AddUInt32(StunAttributeType.Lifetime, 0));
            _transport.SendDirect(writer.Written, Server);
            _transport.SendDirect(writer.Written, Server);
        }
    }

    private async Task AllocateAsync(CancellationToken cancellationToken)
    {
        var first = new StunMessageWriter(StunMethod.Allocate, StunClass.Request, StunTransactionId.NewRandom())
            .AddUInt32(StunAttributeType.RequestedTransport, UdpTransport);
        var challenge = await _transport.Transactions.RunAsync(first.TransactionId, () => _transport.SendDirect(first.Written, Server),
            AllocateSchedule, cancellationToken)
            ?? throw new TurnException($"the relay {_config} does not answer");
        if (!challenge.Message.TryGetError(out var code, out _) || code != 401
            || challenge.Message.GetString(StunAttributeType.Realm) is not { } realm || challenge.Message.GetString(StunAttributeType.Nonce) is not { } nonce)
            throw new TurnException($"the relay {_config} answered the allocation unexpectedly");
        _realm = realm;
        _nonce = nonce;
        _key = StunCredentials.LongTermKey(_config.Username, _realm, _config.Password);

        var reply = await RequestAsync(StunMethod.Allocate, w => w.AddUInt32(StunAttributeType.RequestedTransport, UdpTransport), cancellationToken, AllocateSchedule)
            ?? throw new TurnException($"the relay {_config} does not answer");
        if (reply.Message.Class != StunClass.SuccessResponse)
        {
            reply.Message.TryGetError(out code, out var reason);
            throw new TurnException(code == 401
                ? $"the relay {_config} refused the credentials (401 {reason})"
                : $"the relay {_config} refused an allocation ({code} {reason})");
        }
        if (!reply.Message.TryGetXorAddress(StunAttributeType.XorRelayedAddress, out var relayed))
            throw new TurnException($"the relay {_config} gave no relayed address");
        RelayedAddress = Normalize(relayed);
        if (reply.Message.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped))
            MappedAddress = Normalize(mapped);
        _lifetime = reply.Message.TryGetUInt32(StunAttributeType.Lifetime, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(10);
        _nextAllocationRefresh = _transport.Time.GetUtcNow() + _lifetime * 0.75;
        ScheduleRefresh();
    }

    /// <summary>The next refresh: the allocation's when it is due first, else the permissions' and channels'.</summary>
    private void ScheduleRefresh()
    {
        var untilAllocation = _nextAllocationRefresh - _transport.Time.GetUtcNow();
        var next = untilAllocation < PermissionRefresh ? untilAllocation : PermissionRefresh;
        _refresh.Change(next > TimeSpan.Zero ? next : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Keeps what the call uses alive. A refresh that fails keeps the permissions as they were (the relay's may last
    /// until the next try), rather than dropping the peer's datagrams here.
    /// </summary>
    private async Task RefreshAsync()
    {
        if (_disposed)
            return;
        if (_transport.Time.GetUtcNow() >= _nextAllocationRefresh)
        {
            var reply = await RequestAsync(StunMethod.Refresh, w => w.AddUInt32(StunAttributeType.Lifetime, (uint)_lifetime.TotalSeconds), CancellationToken.None);
            if (reply?.Message.Class == StunClass.SuccessResponse)
            {
                Interlocked.Increment(ref _allocationRefreshes);
                if (reply.Message.TryGetUInt32(StunAttributeType.Lifetime, out var seconds) && seconds > 0)
                    _lifetime = TimeSpan.FromSeconds(seconds);
                _nextAllocationRefresh = _transport.Time.GetUtcNow() + _lifetime * 0.75;
            }
            else
            {
                // Unanswered or refused: again soon, while a quarter of the lifetime is left.
                _nextAllocationRefresh = _transport.Time.GetUtcNow() + RetryAfterFailure;
            }
        }
        if (!_permitted.IsEmpty && await CreatePermissionsAsync(_permitted, CancellationToken.None))
            Interlocked.Increment(ref _permissionRefreshes);
        foreach (var peer in _routed)
            await BindChannelAsync(peer, CancellationToken.None);
        if (!_disposed)
            ScheduleRefresh();
    }

    /// <summary>An authenticated request; a stale nonce (438) is taken from the answer and the request made again once.</summary>
    private async Task<StunReply?> RequestAsync(
        StunMethod method, Action<StunMessageWriter> attributes, CancellationToken cancellationToken, IReadOnlyList<TimeSpan>? schedule = null)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var writer = Authenticated(method, attributes);
            var reply = await _transport.Transactions.RunAsync(writer.TransactionId, () => _transport.SendDirect(writer.Written, Server),
                schedule ?? StunTransactions.CheckSchedule, cancellationToken);
            if (reply is null)
                return null;
            if (reply.Message.Class == StunClass.SuccessResponse && !reply.Message.VerifyIntegrity(_key))
            {
                _transport.CountRefused();
                return null;
            }
            if (reply.Message.TryGetError(out var code, out _) && code == 438 && reply.Message.GetString(StunAttributeType.Nonce) is { } nonce)
            {
                _nonce = nonce;
                continue;
            }
            return reply;
        }
        return null;
    }

    private StunMessageWriter Authenticated(StunMethod method, Action<StunMessageWriter> attributes)
    {
        var writer = new StunMessageWriter(method, StunClass.Request, StunTransactionId.NewRandom());
        attributes(writer);
        return writer.AddString(StunAttributeType.Username, _config.Username)
            .AddString(StunAttributeType.Realm, _realm)
            .AddString(StunAttributeType.Nonce, _nonce)
            .AddMessageIntegrity(_key)
            .AddFingerprint();
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPEndPoint Normalize(IPEndPoint endPoint) => IceCandidate.Normalize(endPoint);
}
