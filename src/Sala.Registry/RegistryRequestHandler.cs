using System.Buffers;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// Answers one connection's requests against the store and remembers which names that connection owns.
/// Requests of one connection are handled one at a time, in order.
/// </summary>
internal sealed class RegistryRequestHandler(IRegistryStore store, RegistrationOwner owner)
{
    private readonly Dictionary<string, string> _ownedNames = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> OwnedNames => _ownedNames.Values;

    public async ValueTask<RequestOutcome> HandleAsync(
        RegistryParseResult parsed, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        if (!parsed.IsValid)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.BadRequest, parsed.Error!);
            return new RequestOutcome($"bad request: {parsed.Error}");
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
            return new RequestOutcome($"{request.Command.ToString().ToUpperInvariant()} {request.Name}: store unavailable: {(ex.InnerException ?? ex).Message.ReplaceLineEndings(" ")}");
        }
    }

    private async ValueTask<RequestOutcome> RegisterAsync(RegistryRequest request, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var registration = new Registration(request.Name!, request.Address!, request.Port);
        if (!await store.TryClaimAsync(registration, owner, cancellationToken))
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NameTaken, registration.Name);
            return new RequestOutcome($"REGISTER {registration.Name}: name taken");
        }
        _ownedNames[UserName.Key(registration.Name)] = registration.Name;
        RegistryReplyWriter.Registered(reply, registration.Name);
        return new RequestOutcome($"REGISTER {registration.Name} at {registration.EndPoint}: registered");
    }

    private async ValueTask<RequestOutcome> GetAsync(string name, IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var found = await store.LookupAsync(name, cancellationToken);
        if (found is null)
        {
            RegistryReplyWriter.Error(reply, RegistryErrorCode.NotFound, name);
            return new RequestOutcome($"GET {name}: not found");
        }
        RegistryReplyWriter.Found(reply, found.Name, found.Address, found.Port);
        return new RequestOutcome($"GET {name}: {found.Name} at {found.EndPoint}");
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
            return new RequestOutcome($"DISCONNECT {name}: not owner");
        }
        _ownedNames.Remove(key);
        RegistryReplyWriter.Bye(reply);
        return new RequestOutcome($"DISCONNECT {name}: removed", CloseAfterReply: true);
    }

    private async ValueTask<RequestOutcome> ListAsync(IBufferWriter<byte> reply, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken);
        RegistryReplyWriter.ListHeader(reply, all.Count);
        foreach (var registration in all)
            RegistryReplyWriter.ListEntry(reply, registration.Name, registration.Address, registration.Port);
        return new RequestOutcome($"LIST: {all.Count} users");
    }

    private static RequestOutcome Pong(IBufferWriter<byte> reply)
    {
        RegistryReplyWriter.Pong(reply);
        return new RequestOutcome("PING");
    }
}
