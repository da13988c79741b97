using Sala.Calls;
using Sala.Calls.Connectivity;
using Sala.Cli.Identity;
using Sala.Protocol.Calls;

namespace Sala.Cli.Client;

internal sealed partial class ClientApp
{
    private async Task PlaceCallAsync(string callee, CancellationToken cancellationToken)
    {
        var (answered, registration) = await LookUpAsync(callee, cancellationToken);
        if (!answered)
            return;
        if (registration is null)
        {
            _view.Problem($"nobody called {callee} is registered");
            FinishScriptedCall(connected: false);
            ShowMenu();
            return;
        }
        if (string.Equals(registration.Name, _name, StringComparison.OrdinalIgnoreCase))
        {
            _view.Problem("you cannot call yourself");
            FinishScriptedCall(connected: false);
            ShowMenu();
            return;
        }
        if (_agent!.State != CallState.Idle || _finding is not null)
        {
            _view.Problem("a call is already going on");
            return;
        }
        if (_knownPeers?.Recognize(registration.Name, registration.Identity) == PeerRecognition.Changed)
        {
            // As SSH does for a host key: no call, and the way to accept the new identity if it is genuine.
            _view.Problem($"{IdentityChanged(registration.Name, registration.Identity!)}: not calling. "
                + $"If {registration.Name} really has a new identity, remove their line from {_knownPeers.Path} and call again.");
            FinishScriptedCall(connected: false);
            ShowMenu();
            return;
        }
        _view.Event($"finding a way to {registration.Name}... press {ClientView.CancelKey} to cancel", "yellow");
        _mode = ClientMode.Calling;
        _finding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = FindPathInBackgroundAsync(registration, _finding.Token);
    }

    /// <summary>The way was found, or not: the call rings over it, or the user is told why not.</summary>
    private async Task OnPathFoundAsync(PathFound found)
    {
        // C may have been pressed after the way was found but before this event came: cancelled all the same.
        var cancelled = found.Outcome is null || _finding?.IsCancellationRequested == true;
        _finding?.Dispose();
        _finding = null;
        if (cancelled && found.Outcome is { Result: ConnectResult.Connected })
            await EndPathAsync(found.Callee.Name);
        var peer = cancelled ? null : Interpret(found.Callee, found.Outcome!);
        if (cancelled)
            _view.Event("cancelled");
        if (peer is null)
        {
            // Nothing to release: the connector let go of a setup that found no way (or was cancelled).
            _outgoingPath = null;
            FinishScriptedCall(connected: false);
            ShowMenu();
            return;
        }
        if (!_agent!.Call(found.Callee.Name, peer, found.Callee.Identity))
        {
            _view.Problem("a call is already going on");
            await EndPathAsync(found.Callee.Name);
            return;
        }
        _view.Calling(found.Callee.Name, peer);
    }

    private async Task OnCallEventAsync(CallEvent callEvent, CancellationToken cancellationToken)
    {
        switch (callEvent)
        {
            case IncomingCallEvent incoming:
                OnIncoming(incoming.Call, incoming.CallerIdentity);
                break;
            case CallConnectedEvent connected:
                _connected = true;
                _metrics.CallConnected();
                _mode = ClientMode.InCall;
                var recognition = _knownPeers?.Recognize(connected.Call.PeerName, connected.Security.PeerIdentity) ?? PeerRecognition.NoIdentity;
                _view.Connected(connected.Call, _options.Codec, connected.Security, recognition == PeerRecognition.Known);
                if (recognition == PeerRecognition.FirstCall)
                    RememberPeer(connected.Call.PeerName, connected.Security.PeerIdentity!);
                _view.Event($"call path: {DescribeWithSetup(PathOf(connected.Call))}");
                StartPanel(connected);
                if (_options.HangupAfter is { } after)
                    _hangupTimer = _time.CreateTimer(_ => _events.Writer.TryWrite(new HangupTimerFired()), null, after, Timeout.InfiniteTimeSpan);
                break;
            case CallEndedEvent ended:
                if (_hangupTimer is not null)
                {
                    await _hangupTimer.DisposeAsync();
                    _hangupTimer = null;
                }
                await StopPanelAsync();
                if (_connected)
                    _metrics.CallEnded(ended.Reason, ended.Media);
                _view.Ended(ended.Call, ended.Reason, ended.Media, _connected ? PathOf(ended.Call).Describe() : null);
                await EndPathAsync(ended.Call.PeerName);
                var normal = _connected && ended.Reason is CallEndReason.HungUpLocally or CallEndReason.HungUpByPeer;
                _connected = false;
                if (_mode == ClientMode.Ringing)
                    _mode = _modeBeforeRinging;
                else
                    ShowMenu();
                FinishScriptedCall(normal);
                break;
            case CallProblemEvent problem:
                _view.Problem(problem.Message);
                break;
        }
        _ = cancellationToken;
    }

    private void OnIncoming(CallInfo call, Sala.Protocol.Identity.IdentityFingerprint? identity)
    {
        var recognition = _knownPeers?.Recognize(call.PeerName, identity) ?? PeerRecognition.NoIdentity;
        if (recognition == PeerRecognition.Changed)
        {
            _view.Problem($"{IdentityChanged(call.PeerName, identity!)}: it may be someone else using the name");
            if (_options.Answer == AnswerMode.Yes)
            {
                _view.Event($"incoming call from {call.PeerName} ({call.Peer}): rejecting, since its identity changed");
                _agent!.Reject();
                return;
            }
        }
        if (recognition == PeerRecognition.Known)
            call = call with { PeerName = $"{call.PeerName} (known)" };
        switch (_options.Answer)
        {
            case AnswerMode.Yes:
                _view.Event($"incoming call from {call.PeerName} ({call.Peer}): answering");
                _mode = ClientMode.Answering;
                _agent!.Accept();
                break;
            case AnswerMode.No:
                _view.Event($"incoming call from {call.PeerName} ({call.Peer}): rejecting");
                _agent!.Reject();
                break;
            default:
                _modeBeforeRinging = _mode;
                _editor.Clear();
                _mode = ClientMode.Ringing;
                _view.Incoming(call);
                break;
        }
    }

    private string IdentityChanged(string name, Sala.Protocol.Identity.IdentityFingerprint now) =>
        $"{name.ToUpperInvariant()}'S IDENTITY CHANGED since your last call (was {_knownPeers!.Find(name)!.Words}, now {now.Words})";

    /// <summary>Trusts a peer's identity on the first call with it, so later calls can tell whether it is still them.</summary>
    private void RememberPeer(string name, Sala.Protocol.Identity.IdentityFingerprint identity)
    {
        try
        {
            _knownPeers!.Remember(name, identity);
            _view.Event($"{name}'s identity is {identity.Words}: remembered in {_knownPeers.Path}, so your next calls say whether it is still them");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _view.Problem($"could not remember {name}'s identity: {ex.Message}");
        }
    }

    /// <summary>With --exit-after-call, the first call decides the exit: 0 when it took place and ended normally.</summary>
    private void FinishScriptedCall(bool connected)
    {
        if (_options.ExitAfterCall)
            Exit(connected ? ExitCodes.Ok : ExitCodes.CallFailed);
    }
}
