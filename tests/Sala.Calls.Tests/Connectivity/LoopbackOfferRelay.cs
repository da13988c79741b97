using System.Collections.Concurrent;
using Sala.Calls.Connectivity;

namespace Sala.Calls.Tests.Connectivity;

/// <summary>
/// A registry's SEND/MSG in miniature: hands each text to the named user's connector, as the registry would; names in
/// <c>olderClients</c> get it too but, like clients from before MSG, do nothing with it.
/// </summary>
internal sealed class LoopbackOfferRelay(string from, ConcurrentDictionary<string, CallConnector> users, HashSet<string> olderClients) : ICallOfferRelay
{
    public int Sent;

    public Task<OfferRelayOutcome> SendAsync(string recipient, string text, CancellationToken cancellationToken)
    {
        if (olderClients.Contains(recipient))
            return Task.FromResult(OfferRelayOutcome.Sent); // delivered, and ignored
        if (!users.TryGetValue(recipient, out var connector))
            return Task.FromResult(OfferRelayOutcome.NotFound);
        Interlocked.Increment(ref Sent);
        // The registry delivers on the recipient's own connection, never on the sender's thread.
        _ = Task.Run(() => connector.OnRelayedMessage(from, text), cancellationToken);
        return Task.FromResult(OfferRelayOutcome.Sent);
    }
}
