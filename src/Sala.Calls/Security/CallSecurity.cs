using System.Collections.ObjectModel;
using System.Security.Cryptography;
using System.Text;
using Sala.Protocol.Calls;
using Sala.Protocol.Identity;
using Sala.Protocol.Registry;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Security;

/// <summary>
/// Adds encryption to the signaling the state machine produces, and checks it on what arrives, without the machine
/// knowing: key shares go on CONVITE and ACEITO, tags on CALLBACK and ENCERRAR once both sides hold the keys.
/// With an identity key, an encrypted call's CONVITE and ACEITO are signed by it (<see cref="SignedSignaling"/>), and
/// so are REJEITADO and the ENCERRAR sent before any tag can be; once a peer has proved an identity for a call, its
/// REJEITADO or untagged ENCERRAR counts only when that identity signed it. With <paramref name="postQuantum"/>, the
/// CONVITE also carries an ML-KEM-768 encapsulation key and the ACEITO the ciphertext to it, so the keys come from
/// both (a peer that sends none gets ECDH-only keys, as before). Called under the call agent's lock.
/// </summary>
internal sealed class CallSecurity(EncryptionPolicy policy, string localName, IdentityKey? identity = null, bool postQuantum = true) : IDisposable
{
    /// <summary>Calls whose keys are kept: the current one and a few just ended, for their last ENCERRAR and ack.</summary>
    private const int RememberedCalls = 8;

    private readonly Dictionary<string, CallSecurityState> _calls = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public long Dropped { get; private set; }

    public CallSecurityInfo InfoFor(string callId) =>
        _calls.TryGetValue(callId, out var state) ? state.Info : CallSecurityInfo.Unencrypted;

    public CallKeys? KeysFor(string callId) => _calls.TryGetValue(callId, out var state) ? state.Keys : null;

    /// <summary>
    /// The identity the registry gave for the callee of the next call this side makes: its answer must prove it, and
    /// only it may refuse the call. Null when the registry gave none.
    /// </summary>
    public IdentityFingerprint? ExpectedCallee { get; set; }

    /// <summary>
    /// Adds what this side's encryption and identity put on an outgoing message; <paramref name="current"/> is the
    /// call in progress (an invitation's callee is named there).
    /// </summary>
    public SignalingMessage Outgoing(SignalingMessage message, CallInfo? current = null)
    {
        switch (message.Kind)
        {
            case SignalingKind.Invite:
                var invite = Remember(message.CallId, () => policy == EncryptionPolicy.Off
                    ? new CallSecurityState(null)
                    : new CallSecurityState(new CallKeyExchange(), postQuantum ? new MlKemKeyPair() : null));
                if (invite.Exchange is null)
                    return message;
                // Identities are proved in encrypted calls only: their signatures bind the key exchange.
                invite.ExpectedPeerIdentity ??= ExpectedCallee;
                var offer = WithShares(message, invite.Exchange.PublicShare, invite.PostQuantumKey?.EncapsulationKey);
                return identity is null || current is null ? offer : SignedSignaling.Sign(offer, identity, OfferContext(current.PeerName));
            case SignalingKind.Accept when _calls.TryGetValue(message.CallId, out var accepting):
                accepting.PeerHasKeys = accepting.Keys is not null;
                if (accepting.Keys is null)
                    return message;
                var answer = WithShares(message, accepting.Exchange!.PublicShare, accepting.PostQuantumCiphertext);
                return identity is null ? answer : SignedSignaling.Sign(answer, identity, accepting.TranscriptHash);
            case SignalingKind.Callback or SignalingKind.Hangup
                when _calls.TryGetValue(message.CallId, out var state) && state.Keys is { } keys && state.PeerHasKeys:
                return ControlTag.Sign(message, keys.SendControlKey);
            case SignalingKind.Reject or SignalingKind.Hangup when identity is not null && _calls.ContainsKey(message.CallId):
                // Before any tag can be (a refusal, a cancel while ringing): signed instead, so nobody else can send it.
                return SignedSignaling.Sign(message, identity, []);
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
            SignalingKind.Reject => OnReject(message),
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
        // A signature that does not hold is a forgery; none at all is a caller without an identity.
        if (SignedSignaling.Verify(invite, OfferContext(localName), out var caller) == SignatureCheck.Invalid)
            return SecurityVerdict.Drop;
        // A key that is no ML-KEM-768 key is a broken or hostile peer, as a share that is no curve point is.
        var peerPostQuantumKey = postQuantum ? invite.OtherFields.GetValueOrDefault(SecurityFields.PostQuantum) : null;
        string? ciphertext = null;
        byte[]? postQuantumSecret = null;
        if (peerPostQuantumKey is not null && !MlKem768.TryEncapsulate(peerPostQuantumKey, out ciphertext, out postQuantumSecret))
            return SecurityVerdict.Drop;
        var exchange = new CallKeyExchange();
        var transcript = new CallTranscript(invite.CallId, invite.Name!, localName, peerShare, exchange.PublicShare, peerPostQuantumKey, ciphertext);
        var derived = exchange.TryDerive(peerShare, postQuantumSecret, CallRole.Callee, transcript, out var keys);
        if (postQuantumSecret is not null)
            CryptographicOperations.ZeroMemory(postQuantumSecret);
        if (!derived)
        {
            exchange.Dispose();
            return SecurityVerdict.Drop;
        }
        var call = Remember(invite.CallId, () => new CallSecurityState(exchange));
        call.Keys = keys;
        call.TranscriptHash = transcript.Hash();
        call.PeerIdentity = caller;
        call.PostQuantumCiphertext = ciphertext;
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
        // A ciphertext to a key we did not send is not an answer to this invitation.
        var peerCiphertext = accept.OtherFields.GetValueOrDefault(SecurityFields.PostQuantum);
        if (peerCiphertext is not null && state.PostQuantumKey is null)
            return SecurityVerdict.Drop;
        // An answer without a ciphertext (a peer from before ML-KEM) gets the transcript and keys of ECDH alone.
        var transcript = new CallTranscript(accept.CallId, localName, current.PeerName, state.Exchange.PublicShare, peerShare,
            peerCiphertext is null ? null : state.PostQuantumKey!.EncapsulationKey, peerCiphertext);
        var check = SignedSignaling.Verify(accept, transcript.Hash(), out var callee);
        if (check == SignatureCheck.Invalid)
            return SecurityVerdict.Drop;
        if (state.ExpectedPeerIdentity is { } expected && !expected.Equals(callee))
            return SecurityVerdict.RefuseWrongIdentity;
        byte[]? postQuantumSecret = null;
        if (peerCiphertext is not null && !state.PostQuantumKey!.TryDecapsulate(peerCiphertext, out postQuantumSecret))
            return SecurityVerdict.Drop;
        var derived = state.Exchange.TryDerive(peerShare, postQuantumSecret, CallRole.Caller, transcript, out var keys);
        if (postQuantumSecret is not null)
            CryptographicOperations.ZeroMemory(postQuantumSecret);
        if (!derived)
            return SecurityVerdict.Drop;
        state.Keys = keys;
        state.PeerHasKeys = true;
        state.PeerIdentity = callee;
        return SecurityVerdict.Accept;
    }

    private SecurityVerdict OnControl(SignalingMessage message)
    {
        if (!_calls.TryGetValue(message.CallId, out var state))
            return SecurityVerdict.Accept;
        if (state.Keys is { } keys && state.PeerHasKeys)
        {
            if (ControlTag.Verify(message, keys.ReceiveControlKey))
                return SecurityVerdict.Accept;
            // A caller's cancel that crossed our ACEITO carries no tag (it had no keys yet), but its identity vouches for it.
            return message.Kind == SignalingKind.Hangup && state.PeerIdentity is not null
                && !message.OtherFields.ContainsKey(SecurityFields.Tag)
                ? SignedByPeer(message, state)
                : SecurityVerdict.Drop;
        }
        // A cancel while ringing: before tags, a caller with an identity signs it.
        return message.Kind == SignalingKind.Hangup ? SignedByPeer(message, state) : SecurityVerdict.Accept;
    }

    private SecurityVerdict OnReject(SignalingMessage message) =>
        _calls.TryGetValue(message.CallId, out var state) ? SignedByPeer(message, state) : SecurityVerdict.Accept;

    /// <summary>
    /// A refusal or cancel from a peer whose identity is known for this call (proved in its CONVITE, or given by the
    /// registry for the callee) holds only when that identity signed it: anyone can send one from a spoofed address.
    /// </summary>
    private static SecurityVerdict SignedByPeer(SignalingMessage message, CallSecurityState state)
    {
        var required = state.PeerIdentity ?? state.ExpectedPeerIdentity;
        var check = SignedSignaling.Verify(message, [], out var signer);
        if (check == SignatureCheck.Invalid || (required is not null && !required.Equals(signer)))
            return SecurityVerdict.Drop;
        return SecurityVerdict.Accept;
    }

    private static byte[] OfferContext(string calleeName) => Encoding.UTF8.GetBytes(UserName.Key(calleeName));

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

    private static SignalingMessage WithShares(SignalingMessage message, string share, string? postQuantum)
    {
        var fields = new Dictionary<string, string>(message.OtherFields, StringComparer.Ordinal) { [SecurityFields.Key] = share };
        if (postQuantum is not null)
            fields[SecurityFields.PostQuantum] = postQuantum;
        return message with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };
    }
}
