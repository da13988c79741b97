using System.Collections.ObjectModel;
using Sala.Protocol.Calls;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Security;

/// <summary>
/// Adds encryption to the signaling the state machine produces, and checks it on what arrives, without the machine
/// knowing: key shares go on CONVITE and ACEITO, tags on CALLBACK and ENCERRAR once both sides hold the keys.
/// Called under the call agent's lock.
/// </summary>
internal sealed class CallSecurity(EncryptionPolicy policy, string localName) : IDisposable
{
    /// <summary>Calls whose keys are kept: the current one and a few just ended, for their last ENCERRAR and ack.</summary>
    private const int RememberedCalls = 8;

    private readonly Dictionary<string, CallSecurityState> _calls = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public long Dropped { get; private set; }

    public CallSecurityInfo InfoFor(string callId) =>
        _calls.TryGetValue(callId, out var state) ? state.Info : CallSecurityInfo.Unencrypted;

    public CallKeys? KeysFor(string callId) => _calls.TryGetValue(callId, out var state) ? state.Keys : null;

    /// <summary>Adds what this side's encryption puts on an outgoing message.</summary>
    public SignalingMessage Outgoing(SignalingMessage message)
    {
        switch (message.Kind)
        {
            case SignalingKind.Invite:
                var invite = Remember(message.CallId, () => new CallSecurityState(policy == EncryptionPolicy.Off ? null : new CallKeyExchange()));
                return invite.Exchange is null ? message : WithShare(message, invite.Exchange.PublicShare);
            case SignalingKind.Accept when _calls.TryGetValue(message.CallId, out var accepting):
                accepting.PeerHasKeys = accepting.Keys is not null;
                return accepting.Keys is null ? message : WithShare(message, accepting.Exchange!.PublicShare);
            case SignalingKind.Callback or SignalingKind.Hangup
                when _calls.TryGetValue(message.CallId, out var state) && state.Keys is { } keys && state.PeerHasKeys:
                return ControlTag.Sign(message, keys.SendControlKey);
            default:
                return message;
        }
    }

    /// <summary>Checks an incoming message against the call's keys; <paramref name="current"/> is the call in progress.</summary>
    public SecurityVerdict Incoming(SignalingMessage message, CallInfo? current, CallState state)
    {
        var verdict = message.Kind switch
        {
            SignalingKind.Invite => OnInvite(message, state),
            SignalingKind.Accept => OnAccept(message, current),
            SignalingKind.Callback or SignalingKind.Hangup => OnControl(message),
            _ => SecurityVerdict.Accept,
        };
        if (verdict == SecurityVerdict.Drop)
            Dropped++;
        return verdict;
    }

    public void Dispose()
    {
        foreach (var state in _calls.Values)
            state.Dispose();
        _calls.Clear();
    }

    private SecurityVerdict OnInvite(SignalingMessage invite, CallState state)
    {
        if (_calls.ContainsKey(invite.CallId) || state != CallState.Idle)
            return SecurityVerdict.Accept; // A repeat, or a call the machine will answer busy: no keys to make.
        var peerShare = invite.OtherFields.GetValueOrDefault(SecurityFields.Key);
        if (peerShare is null || policy == EncryptionPolicy.Off)
        {
            if (peerShare is null && policy == EncryptionPolicy.Required)
                return SecurityVerdict.RefuseUnencryptedInvite;
            Remember(invite.CallId, () => new CallSecurityState(null));
            return SecurityVerdict.Accept;
        }
        var exchange = new CallKeyExchange();
        var transcript = new CallTranscript(invite.CallId, invite.Name!, localName, peerShare, exchange.PublicShare);
        if (!exchange.TryDerive(peerShare, CallRole.Callee, transcript, out var keys))
        {
            exchange.Dispose();
            return SecurityVerdict.Drop;
        }
        Remember(invite.CallId, () => new CallSecurityState(exchange)).Keys = keys;
        return SecurityVerdict.Accept;
    }

    private SecurityVerdict OnAccept(SignalingMessage accept, CallInfo? current)
    {
        if (!_calls.TryGetValue(accept.CallId, out var state) || current is null || current.CallId != accept.CallId)
            return SecurityVerdict.Accept; // Late or foreign: the machine ignores it or repeats CALLBACK.
        if (state.Keys is not null)
            return SecurityVerdict.Accept;
        var peerShare = accept.OtherFields.GetValueOrDefault(SecurityFields.Key);
        if (state.Exchange is null)
            return SecurityVerdict.Accept;
        if (peerShare is null)
            return policy == EncryptionPolicy.Required ? SecurityVerdict.RefuseUnencryptedAnswer : SecurityVerdict.Accept;
        var transcript = new CallTranscript(accept.CallId, localName, current.PeerName, state.Exchange.PublicShare, peerShare);
        if (!state.Exchange.TryDerive(peerShare, CallRole.Caller, transcript, out var keys))
            return SecurityVerdict.Drop;
        state.Keys = keys;
        state.PeerHasKeys = true;
        return SecurityVerdict.Accept;
    }

    private SecurityVerdict OnControl(SignalingMessage message)
    {
        if (!_calls.TryGetValue(message.CallId, out var state) || state.Keys is not { } keys || !state.PeerHasKeys)
            return SecurityVerdict.Accept;
        return ControlTag.Verify(message, keys.ReceiveControlKey) ? SecurityVerdict.Accept : SecurityVerdict.Drop;
    }

    private CallSecurityState Remember(string callId, Func<CallSecurityState> create)
    {
        if (_calls.TryGetValue(callId, out var existing))
            return existing;
        if (_order.Count == RememberedCalls && _calls.Remove(_order.Dequeue(), out var oldest))
            oldest.Dispose();
        var state = create();
        _calls[callId] = state;
        _order.Enqueue(callId);
        return state;
    }

    private static SignalingMessage WithShare(SignalingMessage message, string share)
    {
        var fields = new Dictionary<string, string>(message.OtherFields, StringComparer.Ordinal) { [SecurityFields.Key] = share };
        return message with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };
    }
}
