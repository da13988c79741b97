using System.Globalization;
using System.Net;
using Sala.Calls.Connectivity;
using Sala.Calls;
using Sala.Protocol.Calls;
using Sala.Protocol.Ice;
using Sala.Registry;

namespace Sala.Cli.Client;

/// <summary>
/// The way to the other side, found before a call rings (docs/protocol.md, "Calls across NATs"): offers and
/// answers through the registry, checks on the call port, and the path each call took, told to the user.
/// </summary>
internal sealed partial class ClientApp
{
    private ConnectivityTransport? _port;
    private CallConnector? _connector;

    /// <summary>The registry's relay credentials, kept while they are good (replaced as a whole: setups run on other threads).</summary>
    private volatile CachedRelay? _registryRelay;

    /// <summary>Set while the way to a callee is being found; cancelling it cancels the call.</summary>
    private CancellationTokenSource? _finding;

    /// <summary>The path of the call being placed, or of the one ringing in, until the call ends.</summary>
    private CallPath? _outgoingPath;
    private IncomingPathReady? _incomingPath;

    /// <summary>The UDP port for calls: the real socket, the test impairment if asked, and STUN/TURN handling on top.</summary>
    private ConnectivityTransport OpenCallPort(int port) =>
        new(CallAgentFactory.OpenPort(port, _options.Impairment, _time, _log), _time);

    private async Task StartConnectorAsync(IPEndPoint advertised, CancellationToken cancellationToken)
    {
        var stunAddress = _options.Stun ?? _registry!.Server;
        var options = new CallConnectorOptions(advertised)
        {
            StunServer = (await HostResolver.ResolveAsync(stunAddress.Host, stunAddress.Port, cancellationToken)).EndPoint,
            Relay = RelayForCallAsync,
        };
        _connector = new CallConnector(_port!, new RegistryOfferRelay(_registry!), options, () => _agent?.State is { } state && state != CallState.Idle);
        _ = PumpAsync(_connector.Events, cancellationToken);
    }

    /// <summary>Hands what the registry delivers to the connector; other messages are not for this version.</summary>
    private async Task ForwardRelayedMessagesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _registry!.Messages.ReadAllAsync(cancellationToken))
            {
                if (IceSignal.IsIceSignal(message.Text))
                    _connector?.OnRelayedMessage(message.From, message.Text);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>--turn when given; otherwise the time-limited credentials the registry hands out, when it has a relay.</summary>
    private async Task<TurnServer?> RelayForCallAsync(CancellationToken cancellationToken)
    {
        if (_options.Turn is { } own)
            return own;
        if (_registryRelay is { } cached && _time.GetUtcNow() < cached.ValidUntil)
            return cached.Server;
        try
        {
            if (await _registry!.GetTurnCredentialsAsync(cancellationToken) is not { } credentials)
                return null;
            var server = new TurnServer(credentials.Host, credentials.Port, credentials.Username, credentials.Password);
            // Valid for a day by default: asked again at half their lifetime, not before every call.
            _registryRelay = new CachedRelay(server, _time.GetUtcNow() + credentials.Lifetime / 2);
            return server;
        }
        catch (Exception ex) when (ex is RegistryProtocolException or RegistryUnavailableException)
        {
            return null; // an older registry, or one away now: no relay for this call
        }
    }

    /// <summary>
    /// Sets up the way to <paramref name="callee"/> away from the event loop, so the person can still cancel; the
    /// outcome comes back as a <see cref="PathFound"/> event (a null outcome when cancelled).
    /// </summary>
    private async Task FindPathInBackgroundAsync(Registration callee, CancellationToken cancellationToken)
    {
        ConnectOutcome? outcome;
        try
        {
            outcome = await _connector!.ConnectAsync(callee.Name, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            outcome = null;
        }
        catch (Exception ex)
        {
            // Whatever it was, the client must leave the "finding a way" state and say why.
            outcome = new ConnectOutcome(ConnectResult.Failed, Problem: $"{callee.Name} cannot be reached: {ex.Message}");
        }
        _events.Writer.TryWrite(new PathFound(callee, outcome));
    }

    /// <summary>The endpoint to send the CONVITE to, or null when the call cannot be made (the user has been told why).</summary>
    private IPEndPoint? Interpret(Registration callee, ConnectOutcome outcome)
    {
        switch (outcome.Result)
        {
            case ConnectResult.Connected:
                _outgoingPath = outcome.Path;
                return outcome.Path!.Peer;
            case ConnectResult.NotSupported:
                // An older client or registry: the seed's direct CONVITE to the registered address.
                _view.Event($"{callee.Name} did not take part in finding a way (an older client or registry?): calling its registered address");
                _outgoingPath = CallPath.Registered(callee.EndPoint);
                return callee.EndPoint;
            case ConnectResult.Busy:
                _view.Problem($"{callee.Name} is busy in another call");
                return null;
            case ConnectResult.NotFound:
                _view.Problem($"nobody called {callee.Name} is registered");
                return null;
            default:
                _view.Problem(outcome.Problem ?? $"{callee.Name} cannot be reached");
                return null;
        }
    }

    private void OnConnectorEvent(ConnectorEvent connectorEvent)
    {
        switch (connectorEvent)
        {
            case IncomingPathReady ready:
                _incomingPath = ready;
                break;
            case IncomingPathFailed failed:
                _view.Problem(failed.Problem);
                break;
            case RelayUnavailable relay:
                _view.Problem($"no relay for this call: {relay.Problem}");
                break;
        }
    }

    /// <summary>The path the connected call took: found by the checks, or the registered address of an older peer.</summary>
    private CallPath PathOf(CallInfo call)
    {
        if (call.Role == CallRole.Caller && _outgoingPath is { } outgoing)
            return outgoing;
        if (call.Role == CallRole.Callee && _incomingPath is { } incoming
            && string.Equals(incoming.From, call.PeerName, StringComparison.OrdinalIgnoreCase))
            return incoming.Path;
        return CallPath.Registered(call.Peer);
    }

    private static string DescribeWithSetup(CallPath path) => path.SetupTime > TimeSpan.Zero
        ? string.Create(CultureInfo.InvariantCulture, $"{path.Describe()}, set up in {path.SetupTime.TotalMilliseconds:0} ms")
        : path.Describe();

    /// <summary>The call with <paramref name="peer"/> is over: its path is forgotten and what held it released.</summary>
    private async Task EndPathAsync(string peer)
    {
        _outgoingPath = null;
        _incomingPath = null;
        if (_connector is not null)
            await _connector.EndCallAsync(peer);
    }

    private sealed record PathFound(Registration Callee, ConnectOutcome? Outcome);

    private sealed record CachedRelay(TurnServer Server, DateTimeOffset ValidUntil);

}
