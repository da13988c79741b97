using System.Buffers;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// Answers one connection's requests against the store and remembers which names that connection owns.
/// Requests of one connection are handled one at a time, in order. The log line of each request is formatted only
/// when <paramref name="describe"/> is set: formatting it (an endpoint, an address) cost more than the lookup itself.
/// </summary>
internal sealed class RegistryRequestHandler(IRegistryStore store, RegistrationOwner owner, bool describe)
{
    private readonly Dictionary<string, string> _ownedNames = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> OwnedNames => _ownedNames.Values;

    public async ValueTask<RequestOutcome> HandleAsync(
        RegistryParseResult parsed, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        if (!parsed.IsValid)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.BadRequest, parsed.Error!);
            return new RequestOutcome(describe ? $"bad request: {parsed.Error}" : null);
        }
        var request = parsed.Request;
        try
        {
            return request.Command switch
            {
                RegistryCommand.Register => await RegisterAsync(request, reply, cancellationToken),
                RegistryCommand.Get => await GetAsync(request.Name!, reply, cancellationToken),
                RegistryCommand.Disconnect => await DisconnectAsync(request.Name!, reply, cancellationToken),
                RegistryCommand.List => await ListAsync(reply, cancellationToken),
                _ => Pong(reply),
            };
        }
        catch (RegistryStoreUnavailableException ex)
        {
            // Each request writes its reply only once the store has answered, so nothing half-written precedes this.
            RegistryReplyWriter.Error(reply, RegistryErrorCode.Unavailable, ex.Message);
            return new RequestOutcome(describe ? $"{request.Command.ToString().ToUpperInvariant()} {request.Name}: store unavailable: {(ex.InnerException ?? ex).Message.ReplaceLineEndings(" ")}" : null);
        }
    }

    private async ValueTask<RequestOutcome> RegisterAsync(RegistryRequest request, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var registration = new Registration(request.Name!, request.Address!, request.Port);
        if (!await store.TryClaimAsync(registration, owner, cancellationToken))
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NameTaken, registration.Name);
            return new RequestOutcome(describe ? $"REGISTER {registration.Name}: name taken" : null);
        }
        _ownedNames[UserName.Key(registration.Name)] = registration.Name;
        RegistryReplyWriter.Registered(reply, registration.Name);
        return new RequestOutcome(describe ? $"REGISTER {registration.Name} at {registration.EndPoint}: registered" : null);
    }

    private async ValueTask<RequestOutcome> GetAsync(string name, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var found = await store.LookupAsync(name, cancellationToken);
        if (found is null)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NotFound, name);
            return new RequestOutcome(describe ? $"GET {name}: not found" : null);
        }
        RegistryReplyWriter.Found(reply, found.Name, found.Address, found.Port);
        return new RequestOutcome(describe ? $"GET {name}: {found.Name} at {found.EndPoint}" : null);
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
            return new RequestOutcome(describe ? $"DISCONNECT {name}: not owner" : null);
        }
        _ownedNames.Remove(key);
        RegistryReplyWriter.Bye(reply);
        return new RequestOutcome(describe ? $"DISCONNECT {name}: removed" : null, CloseAfterReply: true);
    }

    private async ValueTask<RequestOutcome> ListAsync(IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken);
        RegistryReplyWriter.ListHeader(reply, all.Count);
        foreach (var registration in all)
            RegistryReplyWriter.ListEntry(reply, registration.Name, registration.Address, registration.Port);
        return new RequestOutcome(describe ? $"LIST: {all.Count} users" : null);
    }

    private RequestOutcome Pong(IBufferWriter<byte> reply)
    {
        RegistryReplyWriter.Pong(reply);
        return new RequestOutcome(describe ? "PING" : null);
    }
}
