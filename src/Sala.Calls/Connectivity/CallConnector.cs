using System.Net;
using System.Threading.Channels;
using Sala.Protocol.Ice;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Connectivity;

/// <summary>
/// Finds the way between two users before a call rings, wherever they sit behind NATs: each side gathers its
/// candidates, the offer and the answer travel through the registry (<see cref="ICallOfferRelay"/>), and both run
/// the connectivity checks. The CONVITE that follows goes over the path found, so the call itself (signaling, SRTP,
/// RTCP) is the seed's, on that path. A callee that does not answer the offer (an older client) is called at its
/// registered address, as before. One setup at a time: the relay allocation and the checks live until the call ends.
/// </summary>
public sealed class CallConnector : IAsyncDisposable
{
    private readonly ConnectivityTransport _transport;
    private readonly ICallOfferRelay _relay;
    private readonly CallConnectorOptions _options;
    private readonly Func<bool> _isBusy;
    private readonly Lock _gate = new();
    private readonly Channel<ConnectorEvent> _events = Channel.CreateUnbounded<ConnectorEvent>(new UnboundedChannelOptions { SingleReader = true });
    private Attempt? _current;
    private long _refusedSignals;

    /// <summary>
    /// <paramref name="isBusy"/> is true while a call is going on: offers are then answered BUSY.
    /// </summary>
    public CallConnector(ConnectivityTransport transport, ICallOfferRelay relay, CallConnectorOptions options, Func<bool> isBusy)
    {
        _transport = transport;
        _relay = relay;
        _options = options;
        _isBusy = isBusy;
    }

    public ChannelReader<ConnectorEvent> Events => _events.Reader;

    /// <summary>Relayed messages that were not a well-formed offer or answer, or answered nothing of ours.</summary>
    public long RefusedSignals => Interlocked.Read(ref _refusedSignals);

    /// <summary>Sets up the way to <paramref name="callee"/>: its candidates, the checks, the path.</summary>
    public async Task<ConnectOutcome> ConnectAsync(string callee, CancellationToken cancellationToken)
    {
        var started = _transport.Time.GetTimestamp();
        var attempt = new Attempt(CallId.NewRandom(), callee, IceCredentials.NewRandom());
        lock (_gate)
        {
            if (_current is not null)
                return new ConnectOutcome(ConnectResult.Failed, Problem: "another call is being set up");
            _current = attempt;
        }
        try
        {
            var (candidates, relay) = await GatherAsync(attempt, cancellationToken);
            _transport.AddChecks(attempt.Local.UsernameFragment, new EarlyChecks(_transport, attempt.Local, relay));
            var sent = await _relay.SendAsync(callee, IceSignal.Offer(attempt.CallId, attempt.Local, candidates).Format(), cancellationToken);
            if (sent != OfferRelayOutcome.Sent)
            {
                await ReleaseAsync(attempt);
                return new ConnectOutcome(sent == OfferRelayOutcome.NotFound ? ConnectResult.NotFound : ConnectResult.NotSupported);
            }
            IceSignal answer;
            try
            {
                answer = await attempt.Answer.Task.WaitAsync(_options.AnswerTimeout, _transport.Time, cancellationToken);
            }
            catch (TimeoutException)
            {
                await ReleaseAsync(attempt);
                return new ConnectOutcome(ConnectResult.NotSupported);
            }
            if (answer.Kind == IceSignalKind.Busy)
            {
                await ReleaseAsync(attempt);
                return new ConnectOutcome(ConnectResult.Busy);
            }
            attempt.Checks = new IceChecks(_transport, controlling: true, attempt.Local, answer.Credentials!, candidates, answer.Candidates, relay);
            var path = await attempt.Checks.RunAsync(_options.CheckTimeout, cancellationToken);
            if (path is null)
            {
                await ReleaseAsync(attempt);
                var anyRelay = relay is not null || answer.Candidates.Any(c => c.Kind == IceCandidateKind.Relayed);
                return new ConnectOutcome(ConnectResult.Failed, Problem: anyRelay
                    ? $"{callee} cannot be reached: no way worked, not even through the relay"
                    : $"{callee} cannot be reached directly and no relay is configured: see --turn");
            }
            return new ConnectOutcome(ConnectResult.Connected, path with { SetupTime = _transport.Time.GetElapsedTime(started) });
        }
        catch
        {
            await ReleaseAsync(attempt);
            throw;
        }
    }

    /// <summary>A line the registry delivered for this user (<c>MSG from text</c>).</summary>
    public void OnRelayedMessage(string from, string text)
    {
        if (!IceSignal.TryParse(text, out var signal, out _))
        {
            Interlocked.Increment(ref _refusedSignals);
            return;
        }
        if (signal.Kind == IceSignalKind.Offer)
        {
            _ = AnswerAsync(from, signal);
            return;
        }
        lock (_gate)
        {
            if (_current is { } attempt && attempt.CallId == signal.CallId && string.Equals(attempt.Peer, from, StringComparison.OrdinalIgnoreCase))
            {
                attempt.Answer.TrySetResult(signal);
                return;
            }
        }
        Interlocked.Increment(ref _refusedSignals);
    }

    /// <summary>The call set up last is over: its checks stop and its relay allocation is released.</summary>
    public async Task EndCallAsync()
    {
        Attempt? attempt;
        lock (_gate)
            attempt = _current;
        if (attempt is not null)
            await ReleaseAsync(attempt);
    }

    public async ValueTask DisposeAsync()
    {
        await EndCallAsync();
        _events.Writer.TryComplete();
    }

    private async Task AnswerAsync(string caller, IceSignal offer)
    {
        var started = _transport.Time.GetTimestamp();
        var attempt = new Attempt(offer.CallId, caller, IceCredentials.NewRandom());
        bool busy;
        lock (_gate)
        {
            busy = _isBusy() || _current is not null;
            if (!busy)
                _current = attempt;
        }
        try
        {
            if (busy)
            {
                await _relay.SendAsync(caller, IceSignal.Busy(offer.CallId).Format(), CancellationToken.None);
                return;
            }
            var (candidates, relay) = await GatherAsync(attempt, CancellationToken.None);
            attempt.Checks = new IceChecks(_transport, controlling: false, attempt.Local, offer.Credentials!, candidates, offer.Candidates, relay);
            // Checks start before the answer leaves: the caller's first checks then find our side listening.
            var checking = attempt.Checks.RunAsync(_options.CheckTimeout + TimeSpan.FromSeconds(2), CancellationToken.None);
            if (await _relay.SendAsync(caller, IceSignal.Answer(offer.CallId, attempt.Local, candidates).Format(), CancellationToken.None) != OfferRelayOutcome.Sent)
            {
                await ReleaseAsync(attempt);
                return;
            }
            var path = await checking;
            if (path is null)
            {
                await ReleaseAsync(attempt);
                _events.Writer.TryWrite(new IncomingPathFailed(caller, $"a call from {caller} could not be connected: no way between you worked"));
                return;
            }
            _events.Writer.TryWrite(new IncomingPathReady(caller, path with { SetupTime = _transport.Time.GetElapsedTime(started) }));
            // Held for the CONVITE and the call; let go if no call comes.
            await Task.Delay(_options.IncomingHold, _transport.Time);
            if (!_isBusy())
                await ReleaseAsync(attempt);
        }
        catch (Exception ex) when (ex is TurnException or IOException or OperationCanceledException)
        {
            await ReleaseAsync(attempt);
            _events.Writer.TryWrite(new IncomingPathFailed(caller, $"a call from {caller} could not be set up: {ex.Message}"));
        }
    }

    /// <summary>Host, server-reflexive and relayed candidates, found at the same time; best first.</summary>
    private async Task<(List<IceCandidate> Candidates, TurnAllocation? Relay)> GatherAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        var candidates = CandidateGatherer.Hosts(_options.Advertised, _transport.IsDualStack);
        var reflexive = _options.StunServer is { } stun
            ? CandidateGatherer.ServerReflexiveAsync(_transport, stun, cancellationToken)
            : Task.FromResult<IPEndPoint?>(null);
        var relay = AllocateAsync(cancellationToken);
        var mapped = await reflexive;
        attempt.Relay = await relay;
        mapped ??= attempt.Relay?.MappedAddress;
        if (mapped is not null && !candidates.Exists(c => c.EndPoint.Equals(mapped)))
            candidates.Add(IceCandidate.Create(IceCandidateKind.ServerReflexive, mapped));
        if (attempt.Relay is { } allocation)
            candidates.Add(IceCandidate.Create(IceCandidateKind.Relayed, allocation.RelayedAddress));
        return (candidates, attempt.Relay);
    }

    /// <summary>An allocation on the relay when one is configured; a relay that fails is reported and done without.</summary>
    private async Task<TurnAllocation?> AllocateAsync(CancellationToken cancellationToken)
    {
        if (_options.Relay is null || await _options.Relay(cancellationToken) is not { } server)
            return null;
        try
        {
            return await TurnAllocation.AllocateAsync(_transport, server, cancellationToken);
        }
        catch (TurnException ex)
        {
            _events.Writer.TryWrite(new RelayUnavailable(ex.Message));
            return null;
        }
    }

    private async Task ReleaseAsync(Attempt attempt)
    {
        lock (_gate)
        {
            if (_current == attempt)
                _current = null;
        }
        _transport.RemoveChecks(attempt.Local.UsernameFragment);
        if (attempt.Checks is { } checks)
            await checks.DisposeAsync();
        if (attempt.Relay is { } relay)
            await relay.DisposeAsync();
        attempt.Checks = null;
        attempt.Relay = null;
    }

    private sealed class Attempt(string callId, string peer, IceCredentials local)
    {
        public string CallId { get; } = callId;

        public string Peer { get; } = peer;

        public IceCredentials Local { get; } = local;

        public TaskCompletionSource<IceSignal> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IceChecks? Checks { get; set; }

        public TurnAllocation? Relay { get; set; }
    }
}
