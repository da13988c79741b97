using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Sala.Protocol.Ice;
using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>
/// One call's connectivity checks (RFC 8445 §7): both sides send STUN Binding requests, signed with the other's
/// password, over every pair at once, which opens the NATs' mappings on the way (hole punching); a request from an
/// address nobody announced adds it as a peer-reflexive pair and is checked back at once. The controlling side (the
/// caller) waits briefly for better pairs after the first success, then nominates the best one that worked
/// (USE-CANDIDATE); the controlled side takes the pair it is told. Afterwards the chosen pair is kept open with a
/// Binding indication every 15 s (RFC 8445 §11), so even a call that sends nothing keeps its NAT mapping.
/// </summary>
internal sealed class IceChecks : IBindingRequestHandler, IAsyncDisposable
{
    private static readonly TimeSpan Pacing = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan NominationWait = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan[] NominationSchedule = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)];

    /// <summary>Pairs at most, peer-reflexive ones included: a flood of checks from new addresses stops adding here.</summary>
    private const int MaxPairs = 32;

    private readonly ConnectivityTransport _transport;
    private readonly bool _controlling;
    private readonly IceCredentials _local;
    private readonly IceCredentials _remote;
    private readonly IReadOnlyList<IceCandidate> _localCandidates;
    private readonly TurnAllocation? _relay;
    private readonly ulong _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private readonly List<CheckPair> _pairs = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<CheckPair> _nominated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _succeeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EarlyChecks? _early;
    private CancellationTokenSource? _checking;
    private ITimer? _keepAlive;
    private CheckPair? _chosen;
    private bool _disposed;

    public IceChecks(
        ConnectivityTransport transport, bool controlling, IceCredentials local, IceCredentials remote,
        IReadOnlyList<IceCandidate> localCandidates, IReadOnlyList<IceCandidate> remoteCandidates, TurnAllocation? relay,
        EarlyChecks? early = null)
    {
        _transport = transport;
        _controlling = controlling;
        _local = local;
        _remote = remote;
        _localCandidates = localCandidates;
        _relay = relay;
        foreach (var candidate in remoteCandidates)
        {
            if (candidate.EndPoint.AddressFamily == AddressFamily.InterNetworkV6 && !transport.IsDualStack)
                continue;
            AddPair(viaRelay: false, candidate.EndPoint, candidate.Kind, candidate.Priority);
            // Not through the relay to a peer's private address: a relay has no route to it, and one asked to send
            // there was seen to stop relaying for the whole allocation (coturn 4.6, "udp send: Network is unreachable").
            if (relay is not null && !(candidate.Kind == IceCandidateKind.Host && IsPrivate(candidate.EndPoint.Address))
                && candidate.EndPoint.AddressFamily == relay.RelayedAddress.AddressFamily)
                AddPair(viaRelay: true, candidate.EndPoint, candidate.Kind, candidate.Priority);
        }
        _early = early;
    }

    /// <summary>RFC 1918, shared (RFC 6598), link-local and unique-local addresses: reachable only inside some network.</summary>
    internal static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
            return true;
        if (address.AddressFamily != AddressFamily.InterNetwork)
            return false;
        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && (b[1] & 0xC0) == 64) || (b[0] == 169 && b[1] == 254);
    }

    /// <summary>Runs the checks until a pair is chosen (its path) or <paramref name="deadline"/> passes (null).</summary>
    public async Task<CallPath?> RunAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var time = _transport.Time;
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(deadline, time);
        // Lives until a pair is chosen or the checks are disposed: every check still running then is stopped (§8.1.2).
        var checking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _stop.Token);
        lock (_gate)
            _checking = checking;
        var token = checking.Token;
        _transport.AddChecks(_local.UsernameFragment, this);
        foreach (var request in _early?.HandOver(this) ?? [])
            OnEarlyRequest(request);
        // Direct pairs are checked at once; relayed ones once the relay lets the peer's addresses in.
        var permitted = _relay is null
            ? Task.CompletedTask
            : _relay.PermitAsync(Snapshot().Where(p => p.ViaRelay).Select(p => p.Remote.Address), token);
        _ = PaceChecksAsync(permitted, token);
        try
        {
            var chosen = _controlling ? await NominateAsync(token) : await _nominated.Task.WaitAsync(token);
            await checking.CancelAsync();
            if (chosen is null)
                return null;
            lock (_gate)
            {
                if (_disposed)
                    return null;
                _chosen = chosen;
                _keepAlive = time.CreateTimer(_ => KeepAlive(), null, KeepAliveInterval, KeepAliveInterval);
            }
            if (chosen.ViaRelay)
                _relay!.RouteThroughRelay(chosen.Remote);
            return Describe(chosen, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public bool OnBindingRequest(StunMessage request, IPEndPoint from, bool viaRelay)
    {
        if (request.GetString(StunAttributeType.Username) != $"{_local.UsernameFragment}:{_remote.UsernameFragment}"
            || !request.VerifyIntegrity(StunCredentials.ShortTermKey(_local.Password)))
            return false;
        Answer(_transport, _relay, _local, request, from, viaRelay);

        CheckPair? pair;
        var trigger = false;
        lock (_gate)
        {
            pair = _pairs.Find(p => p.Is(viaRelay, from));
            if (pair is null)
            {
                var priority = request.TryGetUInt32(StunAttributeType.Priority, out var announced)
                    ? announced
                    : IceCandidate.PriorityOf(IceCandidateKind.PeerReflexive, from.Address);
                pair = AddPair(viaRelay, from, IceCandidateKind.PeerReflexive, priority);
            }
            if (pair is not null && pair.State != CheckState.Succeeded && !pair.Triggered)
                pair.Triggered = trigger = true;
        }
        if (pair is null)
            return true;
        Trigger(pair, trigger);
        if (!_controlling && request.Has(StunAttributeType.UseCandidate))
            _nominated.TrySetResult(pair);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        ITimer? keepAlive;
        CancellationTokenSource? checking;
        lock (_gate)
        {
            _disposed = true;
            keepAlive = _keepAlive;
            checking = _checking;
        }
        await _stop.CancelAsync();
        _transport.RemoveChecks(_local.UsernameFragment);
        if (keepAlive is not null)
            await keepAlive.DisposeAsync();
        checking?.Dispose();
    }

    /// <summary>A check that came before the checks began (<see cref="EarlyChecks"/>) is checked back like a triggered one.</summary>
    private void OnEarlyRequest(EarlyRequest request)
    {
        CheckPair? pair;
        var trigger = false;
        lock (_gate)
        {
            pair = _pairs.Find(p => p.Is(request.ViaRelay, request.From))
                ?? AddPair(request.ViaRelay, request.From, IceCandidateKind.PeerReflexive, request.Priority);
            if (pair is not null && pair.State != CheckState.Succeeded && !pair.Triggered)
                pair.Triggered = trigger = true;
        }
        if (pair is not null)
            Trigger(pair, trigger);
    }

    private void Trigger(CheckPair pair, bool trigger)
    {
        CancellationToken token;
        lock (_gate)
        {
            if (!trigger || _disposed || _checking is not { } checking || _chosen is not null)
                return;
            token = checking.Token;
        }
        if (!token.IsCancellationRequested)
            _ = CheckAsync(pair, nominate: false, token);
    }

    /// <summary>The success response to a check (RFC 8445 §7.3.1): the address it came from, signed with our password.</summary>
    internal static void Answer(ConnectivityTransport transport, TurnAllocation? relay, IceCredentials local, StunMessage request, IPEndPoint from, bool viaRelay)
    {
        var response = new StunMessageWriter(StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId)
            .AddXorAddress(StunAttributeType.XorMappedAddress, from)
            .AddMessageIntegrity(StunCredentials.ShortTermKey(local.Password))
            .AddFingerprint();
        if (viaRelay)
            relay?.SendTo(from, response.Written);
        else
            transport.SendDirect(response.Written, from);
    }

    private CheckPair? AddPair(bool viaRelay, IPEndPoint remote, IceCandidateKind kind, uint remotePriority)
    {
        if (_pairs.Count >= MaxPairs || _pairs.Exists(p => p.Is(viaRelay, remote)))
            return null;
        var localPriority = IceCandidate.PriorityOf(viaRelay ? IceCandidateKind.Relayed : IceCandidateKind.Host, remote.Address);
        var priority = _controlling ? IceCandidate.PairPriority(localPriority, remotePriority) : IceCandidate.PairPriority(remotePriority, localPriority);
        var pair = new CheckPair(viaRelay, remote, kind, priority);
        _pairs.Add(pair);
        return pair;
    }

    private List<CheckPair> Snapshot()
    {
        lock (_gate)
            return [.. _pairs];
    }

    /// <summary>One ordinary check every <see cref="Pacing"/>, best pair first (RFC 8445 §6.1.4.2).</summary>
    private async Task PaceChecksAsync(Task permitted, CancellationToken token)
    {
        try
        {
            foreach (var pair in Snapshot().OrderByDescending(p => p.Priority))
            {
                if (pair.ViaRelay)
                    await permitted.WaitAsync(token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (pair.State != CheckState.Waiting)
                        continue;
                    pair.State = CheckState.InProgress;
                }
                _ = CheckAsync(pair, nominate: false, token);
                await Task.Delay(Pacing, _transport.Time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> CheckAsync(CheckPair pair, bool nominate, CancellationToken token)
    {
        var request = new StunMessageWriter(StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom())
            .AddString(StunAttributeType.Username, $"{_remote.UsernameFragment}:{_local.UsernameFragment}")
            .AddUInt32(StunAttributeType.Priority, IceCandidate.PriorityOf(IceCandidateKind.PeerReflexive, pair.Remote.Address))
            .AddUInt64(_controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, _tieBreaker);
        if (nominate)
            request.AddFlag(StunAttributeType.UseCandidate);
        request.AddMessageIntegrity(StunCredentials.ShortTermKey(_remote.Password)).AddFingerprint();
        var bytes = request.ToArray();
        StunReply? reply;
        try
        {
            reply = await _transport.Transactions.RunAsync(request.TransactionId, () => Send(pair.ViaRelay, pair.Remote, bytes),
                nominate ? NominationSchedule : StunTransactions.CheckSchedule, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        var worked = reply is not null && reply.Message.Class == StunClass.SuccessResponse
            && reply.Message.VerifyIntegrity(StunCredentials.ShortTermKey(_remote.Password))
            // RFC 8445 §7.2.5.2.1: the answer must come back the way the request went.
            && reply.From.Equals(pair.Remote) && reply.ViaRelay == pair.ViaRelay;
        if (reply is not null && !worked)
            _transport.CountRefused();
        lock (_gate)
        {
            if (worked)
            {
                pair.State = CheckState.Succeeded;
                pair.Mapped = reply!.Message.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped) ? IceCandidate.Normalize(mapped) : null;
                _succeeded.TrySetResult();
            }
            else if (pair.State != CheckState.Succeeded)
            {
                pair.State = CheckState.Failed;
            }
        }
        return worked;
    }

    /// <summary>The controlling side: after the first success, a short wait for better pairs, then the best one nominated.</summary>
    private async Task<CheckPair?> NominateAsync(CancellationToken token)
    {
        var tried = new HashSet<CheckPair>();
        while (true)
        {
            Task succeeded;
            lock (_gate)
                succeeded = _succeeded.Task;
            await succeeded.WaitAsync(token).ConfigureAwait(false);
            if (tried.Count == 0)
                await Task.Delay(NominationWait, _transport.Time, token).ConfigureAwait(false);
            CheckPair? best;
            lock (_gate)
            {
                best = _pairs.Where(p => p.State == CheckState.Succeeded && !tried.Contains(p)).MaxBy(p => p.Priority);
                if (best is null)
                {
                    _succeeded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    continue;
                }
            }
            tried.Add(best);
            if (await CheckAsync(best, nominate: true, token).ConfigureAwait(false))
                return best;
        }
    }

    private CallPath Describe(CheckPair pair, TimeSpan setup)
    {
        if (pair.ViaRelay)
            return new CallPath(CallPathKind.Relayed, pair.Remote, ViaOurRelay: true, _relay!.Config.ToString(), setup);
        if (pair.RemoteKind == IceCandidateKind.Relayed)
            return new CallPath(CallPathKind.Relayed, pair.Remote, ViaOurRelay: false, pair.Remote.ToString(), setup);
        var mapped = pair.Mapped
            ?? _localCandidates.FirstOrDefault(c => c.Kind == IceCandidateKind.ServerReflexive && c.EndPoint.AddressFamily == pair.Remote.AddressFamily)?.EndPoint;
        var natted = mapped is not null && !_localCandidates.Any(c => c.Kind == IceCandidateKind.Host && c.EndPoint.Address.Equals(mapped.Address));
        var kind = pair.RemoteKind == IceCandidateKind.Host && !natted ? CallPathKind.Direct : CallPathKind.DirectThroughNat;
        return new CallPath(kind, pair.Remote, ViaOurRelay: false, null, setup);
    }

    private void Send(bool viaRelay, IPEndPoint to, ReadOnlySpan<byte> datagram)
    {
        if (viaRelay)
            _relay?.SendTo(to, datagram);
        else
            _transport.SendDirect(datagram, to);
    }

    private void KeepAlive()
    {
        if (_chosen is not { } pair)
            return;
        var indication = new StunMessageWriter(StunMethod.Binding, StunClass.Indication, StunTransactionId.NewRandom()).AddFingerprint();
        Send(pair.ViaRelay, pair.Remote, indication.Written);
    }
}
