using System.Buffers;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography;
using Sala.Protocol.Identity;
using Sala.Protocol.Limits;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// Answers one connection's requests against the store and remembers which names that connection owns.
/// Requests of one connection are handled one at a time, in order. The Debug line of each request is formatted only
/// when <paramref name="log"/> has Debug on: formatting it (an endpoint, an address) cost more than the lookup itself.
/// Registrations are logged at Information, a SEND limit hit at Warning (the first time on this connection), a store
/// failure at Error. SEND and TURN go through the server's <paramref name="router"/>.
/// </summary>
internal sealed class RegistryRequestHandler(
    IRegistryStore store, RegistrationOwner owner, ILogger log, string remote, MessageRouter router, RegistryMetrics metrics,
    INameClaims claims)
{
    /// <summary>The nonce this connection was last given (NONCE); a REGISTER with proof uses it up.</summary>
    private byte[]? _nonce;

    private readonly bool describe = log.IsEnabled(LogLevel.Debug);
    private bool _messageLimitLogged;

    private readonly Dictionary<string, string> _ownedNames = new(StringComparer.Ordinal);

    /// <summary>Made at the first SEND: most connections never send one.</summary>
    private TokenBucket? _sendRate;
    private bool _sendRateMade;

    /// <summary>The name this connection speaks as in SEND and TURN: the first it registered that it still holds.</summary>
    private string? _sender;

    public IReadOnlyCollection<string> OwnedNames => _ownedNames.Values;

    public ValueTask<RequestOutcome> HandleAsync(RegistryParseResult parsed, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        // GET is the hot request: answered with no async state machine when the store answers at once (in memory).
        if (parsed.IsValid && parsed.Request.Command == RegistryCommand.Get)
        {
            // The server's store (MeasuredRegistryStore) turns a throw before it returns into a failed lookup.
            var lookup = store.LookupAsync(parsed.Request.Name!, cancellationToken);
            if (lookup.IsCompletedSuccessfully)
                return new ValueTask<RequestOutcome>(Found(parsed.Request.Name!, lookup.Result, reply));
            return HandleAsync(parsed, reply, lookup, cancellationToken);
        }
        return HandleAsync(parsed, reply, pendingLookup: null, cancellationToken);
    }

    /// <summary><paramref name="pendingLookup"/>: a GET's lookup already started.</summary>
    private async ValueTask<RequestOutcome> HandleAsync(
        RegistryParseResult parsed, IBufferWriter<byte> reply, ValueTask<Registration?>? pendingLookup, CancellationToken cancellationToken)
    {
        if (!parsed.IsValid)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.BadRequest, parsed.Error!);
            return new RequestOutcome(describe ? $"bad request: {parsed.Error}" : null, RequestResults.BadRequest);
        }
        var request = parsed.Request;
        try
        {
            return request.Command switch
            {
                RegistryCommand.Register => await RegisterAsync(request, reply, cancellationToken),
                RegistryCommand.Get => Found(request.Name!, await (pendingLookup ?? store.LookupAsync(request.Name!, cancellationToken)), reply),
                RegistryCommand.Disconnect => await DisconnectAsync(request.Name!, reply, cancellationToken),
                RegistryCommand.List => await ListAsync(reply, cancellationToken),
                RegistryCommand.Send => await SendAsync(request.Name!, request.Text!, reply, cancellationToken),
                RegistryCommand.Turn => Turn(reply),
                RegistryCommand.Nonce => Nonce(reply),
                RegistryCommand.Release => await ReleaseAsync(request, reply, cancellationToken),
                _ => Pong(reply),
            };
        }
        catch (RegistryStoreUnavailableException ex)
        {
            // Each request writes its reply only once the store has answered, so nothing half-written precedes this.
            RegistryReplyWriter.Error(reply, RegistryErrorCode.Unavailable, ex.Message);
            log.StoreFailed(remote, request.Command.ToString().ToUpperInvariant(), request.Name, ex.InnerException ?? ex);
            return new RequestOutcome(describe ? $"{request.Command.ToString().ToUpperInvariant()} {request.Name}: store unavailable: {(ex.InnerException ?? ex).Message.ReplaceLineEndings(" ")}" : null, RequestResults.Unavailable);
        }
    }

    private RequestOutcome Nonce(IBufferWriter<byte> reply)
    {
        _nonce = RandomNumberGenerator.GetBytes(RegistrationProof.NonceBytes);
        RegistryReplyWriter.Nonce(reply, _nonce);
        return new RequestOutcome(describe ? "NONCE" : null, RequestResults.Ok);
    }

    private async ValueTask<RequestOutcome> ReleaseAsync(RegistryRequest request, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var name = request.Name!;
        var nonce = _nonce;
        _nonce = null;
        if (nonce is null || !IdentityKey.Verify(request.IdentityKey, RegistrationProof.ReleaseMessage(nonce, name), request.Signature))
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.BadProof, nonce is null
                ? "ask NONCE first: each RELEASE signs a fresh one"
                : "the signature does not prove the key for this nonce and name");
            return new RequestOutcome(describe ? $"RELEASE {name}: bad proof" : null, RequestResults.BadRequest);
        }
        switch (await claims.ReleaseAsync(name, request.IdentityKey!, cancellationToken))
        {
            case ReleaseOutcome.Released:
                RegistryReplyWriter.Released(reply, name);
                return new RequestOutcome(describe ? $"RELEASE {name}" : null, RequestResults.Ok);
            case ReleaseOutcome.OtherKey:
                RegistryReplyWriter.Error(reply, RegistryErrorCode.NotOwner, $"{name} is claimed by another identity");
                return new RequestOutcome(describe ? $"RELEASE {name}: another key's" : null, RequestResults.NotOwner);
            default:
                RegistryReplyWriter.Error(reply, RegistryErrorCode.NotFound, $"{name} is not claimed");
                return new RequestOutcome(describe ? $"RELEASE {name}: not claimed" : null, RequestResults.NotFound);
        }
    }

    private async ValueTask<RequestOutcome> RegisterAsync(RegistryRequest request, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var registration = new Registration(request.Name!, request.Address!, request.Port)
        {
            Identity = request.IdentityKey is { } proven ? IdentityFingerprint.Of(proven) : null,
        };
        // A nonce serves one proof, right or wrong: a recorded REGISTER cannot be sent again, here or elsewhere.
        var nonce = _nonce;
        _nonce = null;
        if (request.IdentityKey is { } identity && (nonce is null
            || !IdentityKey.Verify(identity, RegistrationProof.Message(nonce, registration.Name, registration.Address, registration.Port), request.Signature)))
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.BadProof, nonce is null
                ? "ask NONCE first: each REGISTER with key= signs a fresh one"
                : "the signature does not prove the key for this nonce and registration");
            return new RequestOutcome(describe ? $"REGISTER {registration.Name}: bad proof" : null, RequestResults.BadRequest);
        }
        if (await claims.FindAsync(registration.Name, cancellationToken) is { } claim
            && (request.IdentityKey is null || !claim.IsHeldBy(request.IdentityKey)))
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NameClaimed,
                $"{registration.Name} belongs to another identity ({IdentityFingerprint.Of(claim.PublicKey).Words})");
            return new RequestOutcome(describe ? $"REGISTER {registration.Name}: claimed by another key" : null, RequestResults.NameTaken);
        }
        if (!await store.TryClaimAsync(registration, owner, cancellationToken))
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NameTaken, registration.Name);
            return new RequestOutcome(describe ? $"REGISTER {registration.Name}: name taken" : null, RequestResults.NameTaken);
        }
        // Claimed (or renewed) before the reply: the client is told OK only once the claim would survive a crash.
        if (request.IdentityKey is { } key && !await claims.ClaimAsync(registration.Name, key, cancellationToken))
        {
            await store.RemoveIfOwnerAsync(registration.Name, owner, cancellationToken);
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NameClaimed, $"{registration.Name} was claimed by another identity just now");
            return new RequestOutcome(describe ? $"REGISTER {registration.Name}: claimed meanwhile" : null, RequestResults.NameTaken);
        }
        _ownedNames[UserName.Key(registration.Name)] = registration.Name;
        metrics.Registered();
        _sender ??= registration.Name;
        RegistryReplyWriter.Registered(reply, registration.Name);
        if (log.IsEnabled(LogLevel.Information))
            log.Registered(remote, registration.Name, registration.EndPoint);
        return new RequestOutcome(describe ? $"REGISTER {registration.Name} at {registration.EndPoint}: registered" : null, RequestResults.Ok);
    }

    private RequestOutcome Found(string name, Registration? found, IBufferWriter<byte> reply)
    {
        if (found is null)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NotFound, name);
            return new RequestOutcome(describe ? $"GET {name}: not found" : null, RequestResults.NotFound);
        }
        RegistryReplyWriter.Found(reply, found.Name, found.Address, found.Port, found.Identity?.Text);
        return new RequestOutcome(describe ? $"GET {name}: {found.Name} at {found.EndPoint}" : null, RequestResults.Ok);
    }

    private async ValueTask<RequestOutcome> DisconnectAsync(string name, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var key = UserName.Key(name);
        var outcome = _ownedNames.ContainsKey(key)
            ? await store.RemoveIfOwnerAsync(name, owner, cancellationToken)
            : RemoveOutcome.NotOwner;
        if (outcome != RemoveOutcome.Removed)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NotOwner, name);
            return new RequestOutcome(describe ? $"DISCONNECT {name}: not owner" : null, RequestResults.NotOwner);
        }
        _ownedNames.Remove(key);
        metrics.Unregistered();
        if (_sender is not null && UserName.Key(_sender) == key)
            _sender = _ownedNames.Values.FirstOrDefault();
        RegistryReplyWriter.Bye(reply);
        log.Unregistered(remote, name);
        return new RequestOutcome(describe ? $"DISCONNECT {name}: removed" : null, RequestResults.Ok, CloseAfterReply: true);
    }

    private async ValueTask<RequestOutcome> ListAsync(IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken);
        RegistryReplyWriter.ListHeader(reply, all.Count);
        foreach (var registration in all)
            RegistryReplyWriter.ListEntry(reply, registration.Name, registration.Address, registration.Port, registration.Identity?.Text);
        return new RequestOutcome(describe ? $"LIST: {all.Count} users" : null, RequestResults.Ok);
    }

    private async ValueTask<RequestOutcome> SendAsync(string to, string text, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        if (_sender is not { } from)
            return NotRegistered(reply, "SEND");
        if (!MessageLine.Fits(from, text))
        {
            var why = $"text is longer than {MessageLine.MaxTextBytesFrom(from)} bytes (what fits in one MSG line from {from})";
            RegistryReplyWriter.Error(reply, RegistryErrorCode.BadRequest, why);
            return new RequestOutcome(describe ? $"SEND {to} from {from}: {why}" : null, RequestResults.BadRequest);
        }
        if (!_sendRateMade)
        {
            _sendRate = router.NewSenderBucket();
            _sendRateMade = true;
        }
        if (_sendRate is not null && !_sendRate.TryTake())
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.RateLimited, "too many messages, slow down");
            MessageLimited(to, from, "sender rate-limited");
            metrics.RateLimited("sender");
            metrics.Offer(RequestResults.RateLimited);
            return new RequestOutcome(describe ? $"SEND {to} from {from}: sender rate-limited" : null, RequestResults.RateLimited);
        }
        var result = await router.RouteAsync(from, to, text, cancellationToken);
        switch (result.Status)
        {
            case SendStatus.Sent:
                metrics.Offer("sent");
                RegistryReplyWriter.Sent(reply, result.Recipient!);
                return new RequestOutcome(describe ? $"SEND {to} from {from}: sent ({text.Length} chars)" : null, RequestResults.Ok);
            case SendStatus.RecipientLimited:
                RegistryReplyWriter.Error(reply, RegistryErrorCode.RateLimited, $"{to} is receiving too many messages, try again later");
                MessageLimited(to, from, "recipient rate-limited");
                metrics.RateLimited("recipient");
                metrics.Offer(RequestResults.RateLimited);
                return new RequestOutcome(describe ? $"SEND {to} from {from}: recipient rate-limited" : null, RequestResults.RateLimited);
            case SendStatus.RecipientBacklogged:
                RegistryReplyWriter.Error(reply, RegistryErrorCode.RateLimited, $"{result.Recipient} is not reading its messages, try again later");
                MessageLimited(to, from, "recipient's queue full");
                metrics.RateLimited("backlog");
                metrics.Offer(RequestResults.RateLimited);
                return new RequestOutcome(describe ? $"SEND {to} from {from}: recipient's queue full" : null, RequestResults.RateLimited);
            default:
                metrics.Offer(RequestResults.NotFound);
                RegistryReplyWriter.Error(reply, RegistryErrorCode.NotFound, to);
                return new RequestOutcome(describe ? $"SEND {to} from {from}: not found" : null, RequestResults.NotFound);
        }
    }

    /// <summary>Never logs the secret or the password: the log line says only whose credentials and until when.</summary>
    private RequestOutcome Turn(IBufferWriter<byte> reply)
    {
        if (_sender is not { } user)
            return NotRegistered(reply, "TURN");
        if (router.Turn is not { } turn)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NotFound, "relay");
            return new RequestOutcome(describe ? "TURN: no relay configured" : null, RequestResults.NotFound);
        }
        var expiry = router.Time.GetUtcNow() + turn.Lifetime;
        var username = TurnRestCredentials.Username(expiry, user);
        RegistryReplyWriter.Turn(reply, turn.Host, turn.Port, username, TurnRestCredentials.Password(turn.Secret, username),
            (long)turn.Lifetime.TotalSeconds);
        return new RequestOutcome(describe ? $"TURN: credentials for {user} until {expiry:u}" : null, RequestResults.Ok);
    }

    private RequestOutcome NotRegistered(IBufferWriter<byte> reply, string command)
    {
        RegistryReplyWriter.Error(reply, RegistryErrorCode.NotRegistered, "register a name first");
        return new RequestOutcome(describe ? $"{command}: not registered" : null, RequestResults.NotRegistered);
    }

    /// <summary>Once per connection: a flood of SENDs must not become a flood of log lines.</summary>
    private void MessageLimited(string to, string from, string limit)
    {
        if (_messageLimitLogged)
            return;
        _messageLimitLogged = true;
        log.MessageLimited(remote, to, from, limit);
    }

    private RequestOutcome Pong(IBufferWriter<byte> reply)
    {
        RegistryReplyWriter.Pong(reply);
        return new RequestOutcome(describe ? "PING" : null, RequestResults.Ok);
    }
}
