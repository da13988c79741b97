using Sala.Protocol.Limits;
using Microsoft.Extensions.Logging;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// Where a server's SENDs go: to the recipient's connection when this server holds it, else through the
/// <see cref="IMessageRelay"/> to the server that does. It keeps the per-recipient limit (a flood of offers to one
/// user is refused before it costs a store lookup) and hands each connection its per-sender bucket.
/// </summary>
internal sealed class MessageRouter(
    RegistryServerOptions options, IRegistryStore store, IMessageRelay? relay, TimeProvider time,
    Func<long, IClientConnection?> findConnection, ILogger log)
{
    private readonly RecipientLimiter _recipients =
        new(time, options.MessagesPerRecipientPerSecond, options.RecipientBurst);

    public TimeProvider Time => time;

    public TurnRelayOptions? Turn => options.Turn;

    /// <summary>Recipients with a rate bucket now (they are forgotten once idle; see <see cref="Sweep"/>).</summary>
    public int RecipientBuckets => _recipients.Count;

    /// <summary>A sender's allowance, or null when senders are not limited.</summary>
    public TokenBucket? NewSenderBucket() => options.MessagesPerSecond > 0
        ? new TokenBucket(time, options.MessagesPerSecond, Math.Max(1, options.MessageBurst))
        : null;

    public async ValueTask<SendResult> RouteAsync(string from, string to, string text, CancellationToken cancellationToken)
    {
        if (!_recipients.TryTake(UserName.Key(to)))
            return new SendResult(SendStatus.RecipientLimited);
        var owned = await store.FindOwnerAsync(to, cancellationToken);
        if (owned is null)
            return new SendResult(SendStatus.NotFound);
        var name = owned.Registration.Name;
        var owner = owned.Owner;
        if (owner.ServerId == options.ServerId)
        {
            return DeliverHere(owner.ConnectionId, from, text) switch
            {
                DeliveryResult.Queued => new SendResult(SendStatus.Sent, name),
                DeliveryResult.Full => new SendResult(SendStatus.RecipientBacklogged, name),
                _ => new SendResult(SendStatus.NotFound),
            };
        }
        if (relay is null)
            return new SendResult(SendStatus.NotFound);
        var forwarded = await relay.ForwardAsync(owner.ServerId, new ForwardedMessage(owner.ConnectionId, name, from, text), cancellationToken);
        return forwarded ? new SendResult(SendStatus.Sent, name) : new SendResult(SendStatus.NotFound);
    }

    /// <summary>
    /// A message another server forwarded here. Its sender has had its answer already, so what cannot be delivered is
    /// dropped; the recipient's limit applies here too, so many servers together cannot flood one user.
    /// </summary>
    public void DeliverForwarded(ForwardedMessage message)
    {
        var result = _recipients.TryTake(UserName.Key(message.To))
            ? DeliverHere(message.ConnectionId, message.From, message.Text)
            : DeliveryResult.Full;
        if (result != DeliveryResult.Queued)
            log.RelayedMessageDropped(message.From, message.To, result == DeliveryResult.Full ? "too many for the recipient" : "recipient gone");
    }

    public void Sweep() => _recipients.Sweep();

    private DeliveryResult DeliverHere(long connectionId, string from, string text) =>
        findConnection(connectionId)?.TryDeliver(from, text) ?? DeliveryResult.Gone;
}
