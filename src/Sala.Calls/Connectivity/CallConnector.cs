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
    /// <summary>BUSY answers at most this often, whoever asks.</summary>
    private static readonly TimeSpan BusyInterval = TimeSpan.FromMilliseconds(500);

    private CallSetup? _current;
    private long _refusedSignals;
    private long _lastBusy;

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
        var setup = new CallSetup(CallId.NewRandom(), callee, outgoing: true);
        CallSetup? givesWay;
        lock (_gate)
        {
            // An incoming setup that has not rung gives way to the user's own call; anything else is a call going on.
            givesWay = _current;
            if (givesWay is not null && (givesWay.Outgoing || _isBusy()))
                return new ConnectOutcome(ConnectResult.Failed, Problem: "another call is being set up");
            _current = setup;
        }
        if (givesWay is not null)
            await ReleaseAsync(givesWay);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, setup.Released.Token);
        var token = linked.Token;
        try
        {
            var (candidates, relay) = await GatherAsync(setup, token);
            var early = new EarlyChecks(_transport, setup.Local, relay);
            _transport.AddChecks(setup.Local.UsernameFragment, early);
            var sent = await _relay.SendAsync(callee, IceSignal.Offer(setup.CallId, setup.Local, candidates).Format(), token);
            if (sent != OfferRelayOutcome.Sent)
            {
                await ReleaseAsync(setup);
                return new ConnectOutcome(sent == OfferRelayOutcome.NotFound ? ConnectResult.NotFound : ConnectResult.NotSupported);
            }
            IceSignal answer;
            try
            {
                answer = await setup.Answer.Task.WaitAsync(_options.AnswerTimeout, _transport.Time, token);
            }
            catch (TimeoutException)
            {
                await ReleaseAsync(setup);
                return new ConnectOutcome(ConnectResult.NotSupported);
            }
            if (answer.Kind == IceSignalKind.Busy)
            {
                await ReleaseAsync(setup);
                return new ConnectOutcome(ConnectResult.Busy);
            }
            var checks = new IceChecks(_transport, controlling: true, setup.Local, answer.Credentials!, candidates, answer.Candidates, relay, early);
            if (!await setup.HoldAsync(checks))
                throw new OperationCanceledException(token);
            var path = await checks.RunAsync(_options.CheckTimeout, token);
            if (path is null)
            {
                await ReleaseAsync(setup);
                return new ConnectOutcome(ConnectResult.Failed, Problem: NoWay(callee, setup, relay, answer));
            }
            return new ConnectOutcome(ConnectResult.Connected, path with { SetupTime = _transport.Time.GetElapsedTime(started) });
        }
        catch
        {
            await ReleaseAsync(setup);
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
            if (_current is { Outgoing: true } setup && setup.CallId == signal.CallId && string.Equals(setup.Peer, from, StringComparison.OrdinalIgnoreCase))
            {
                setup.Answer.TrySetResult(signal);
                return;
            }
        }
        Interlocked.Increment(ref _refusedSignals);
    }

    /// <summary>
    /// The call with <paramref name="peer"/> is over: the checks set up for it stop and its relay allocation is
    /// released. A setup for anyone else (a call being placed meanwhile) is left alone.
    /// </summary>
    public async Task EndCallAsync(string peer)
    {
        CallSetup? setup;
        lock (_gate)
            setup = _current is { } current && string.Equals(current.Peer, peer, StringComparison.OrdinalIgnoreCase) ? current : null;
        if (setup is not null)
            await ReleaseAsync(setup);
    }

    public async ValueTask DisposeAsync()
    {
        CallSetup? setup;
        lock (_gate)
            setup = _current;
        if (setup is not null)
            await ReleaseAsync(setup);
        _events.Writer.TryComplete();
    }

    private static string NoWay(string callee, CallSetup setup, TurnAllocation? relay, IceSignal answer)
    {
        if (relay is not null || answer.Candidates.Any(c => c.Kind == IceCandidateKind.Relayed))
            return $"{callee} cannot be reached: no way worked, not even through the relay";
        return setup.RelayConfigured
            ? $"{callee} cannot be reached directly, and the relay could not be used for this call"
            : $"{callee} cannot be reached directly and no relay is configured: see --turn";
    }

    private async Task AnswerAsync(string caller, IceSignal offer)
    {
        var started = _transport.Time.GetTimestamp();
        var setup = new CallSetup(offer.CallId, caller, outgoing: false);
        CallSetup? replaced = null;
        bool busy;
        lock (_gate)
        {
            // The same caller again (it cancelled and called back, or its offer was retransmitted): the new one counts.
            if (_current is { Outgoing: false } earlier && string.Equals(earlier.Peer, caller, StringComparison.OrdinalIgnoreCase) && !_isBusy())
                replaced = earlier;
            busy = _isBusy() || (_current is not null && replaced is null);
            if (!busy)
                _current = setup;
        }
        try
        {
            if (busy)
            {
                await AnswerBusyAsync(caller, offer.CallId);
                return;
            }
            if (replaced is not null)
                await ReleaseAsync(replaced);
            var token = setup.Released.Token;
            var (candidates, relay) = await GatherAsync(setup, token);
            var checks = new IceChecks(_transport, controlling: false, setup.Local, offer.Credentials!, candidates, offer.Candidates, relay);
            if (!await setup.HoldAsync(checks))
                return;
            // Checks start before the answer leaves: the caller's first checks then find our side listening.
            var checking = checks.RunAsync(_options.CheckTimeout + TimeSpan.FromSeconds(2), token);
            if (await _relay.SendAsync(caller, IceSignal.Answer(offer.CallId, setup.Local, candidates).Format(), token) != OfferRelayOutcome.Sent)
            {
                await ReleaseAsync(setup);
                return;
            }
            var path = await checking;
            if (path is null)
            {
                await ReleaseAsync(setup);
                _events.Writer.TryWrite(new IncomingPathFailed(caller, $"a call from {caller} could not be connected: no way between you worked"));
                return;
            }
            _events.Writer.TryWrite(new IncomingPathReady(caller, path with { SetupTime = _transport.Time.GetElapsedTime(started) }));
            // Held for the CONVITE, which follows at once, and then for the call; let go if no call comes.
            await Task.Delay(_options.IncomingHold, _transport.Time, token);
            if (!_isBusy())
                await ReleaseAsync(setup);
        }
        catch (OperationCanceledException)
        {
            await ReleaseAsync(setup); // released meanwhile: a newer setup took its place, or the client closes
        }
        catch (Exception ex)
        {
            // Whatever went wrong, this setup must not hold the connector (every later offer would be answered BUSY).
            await ReleaseAsync(setup);
            _events.Writer.TryWrite(new IncomingPathFailed(caller, $"a call from {caller} could not be set up: {ex.Message}"));
        }
    }

    /// <summary>BUSY, at most one every half second: a flood of offers must not spend this user's own sending allowance.</summary>
    private async Task AnswerBusyAsync(string caller, string callId)
    {
        var now = _transport.Time.GetTimestamp();
        if (_transport.Time.GetElapsedTime(Interlocked.Read(ref _lastBusy), now) < BusyInterval)
            return;
        Interlocked.Exchange(ref _lastBusy, now);
        await _relay.SendAsync(caller, IceSignal.Busy(callId).Format(), CancellationToken.None);
    }

    /// <summary>Host, server-reflexive and relayed candidates, found at the same time; best first.</summary>
    private async Task<(List<IceCandidate> Candidates, TurnAllocation? Relay)> GatherAsync(CallSetup setup, CancellationToken cancellationToken)
    {
        var candidates = CandidateGatherer.Hosts(_options.Advertised, _transport.IsDualStack);
        var reflexive = _options.StunServer is { } stun
            ? CandidateGatherer.ServerReflexiveAsync(_transport, stun, cancellationToken)
            : Task.FromResult<IPEndPoint?>(null);
        var allocating = AllocateAsync(setup, cancellationToken);
        var mapped = await reflexive;
        var relay = await allocating;
        if (relay is not null && !await setup.HoldAsync(relay))
            throw new OperationCanceledException(cancellationToken);
        mapped ??= relay?.MappedAddress;
        if (mapped is not null && !candidates.Exists(c => c.EndPoint.Equals(mapped)))
            candidates.Add(IceCandidate.Create(IceCandidateKind.ServerReflexive, mapped));
        if (relay is not null)
            candidates.Add(IceCandidate.Create(IceCandidateKind.Relayed, relay.RelayedAddress));
        return (candidates, relay);
    }

    /// <summary>An allocation on the relay when one is configured; a relay that fails is reported and done without.</summary>
    private async Task<TurnAllocation?> AllocateAsync(CallSetup setup, CancellationToken cancellationToken)
    {
        if (_options.Relay is null || await _options.Relay(cancellationToken) is not { } server)
            return null;
        setup.RelayConfigured = true;
        try
        {
            return await TurnAllocation.AllocateAsync(_transport, server, cancellationToken);
        }
        catch (TurnException ex)
        {
            if (!cancellationToken.IsCancellationRequested)
                _events.Writer.TryWrite(new RelayUnavailable(ex.Message));
            return null;
        }
    }

    /// <summary>Lets go of everything the setup holds, then of the setup itself, so the next one finds the relay free.</summary>
    private async Task ReleaseAsync(CallSetup setup)
    {
        _transport.RemoveChecks(setup.Local.UsernameFragment);
        await setup.ReleaseAsync();
        lock (_gate)
        {
            if (_current == setup)
                _current = null;
        }
    }
}
