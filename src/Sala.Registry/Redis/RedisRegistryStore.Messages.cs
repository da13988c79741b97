using System.Globalization;
using StackExchange.Redis;

namespace Sala.Registry.Redis;

/// <summary>
/// Relaying SEND between servers: each server subscribes to a channel of its own, <c>&lt;prefix&gt;msg:&lt;serverId&gt;</c>,
/// and a server whose user sends to someone held elsewhere publishes to the owner's channel (the owner token in the
/// user's hash names the server). PUBLISH answers how many subscribers got it, so "nobody listens there" (a server
/// that crashed, its leases not yet expired) is known at once. A payload is
/// <c>&lt;connection id&gt; &lt;to&gt; &lt;from&gt; &lt;text&gt;</c>: names hold no spaces, the text may.
/// </summary>
public sealed partial class RedisRegistryStore : IMessageRelay
{
    public async Task<IAsyncDisposable> ListenAsync(string serverId, Action<ForwardedMessage> deliver)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        var channel = MessageChannel(serverId);
        var subscriber = _redis.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, payload) =>
        {
            if (TryReadPayload(payload, out var message))
                deliver(message);
            else
                _log.MalformedRelayedMessage(channel.ToString());
        };
        try
        {
            await subscriber.SubscribeAsync(channel, handler);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // The multiplexer keeps the subscription and makes it again when it reconnects.
            _log.SubscribeFailed(channel.ToString(), _where, ex);
        }
        return new Subscription(subscriber, channel, handler);
    }

    public async Task<bool> ForwardAsync(string serverId, ForwardedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = string.Create(CultureInfo.InvariantCulture, $"{message.ConnectionId} {message.To} {message.From} {message.Text}");
        var receivers = await RunAsync(() => _redis.GetSubscriber().PublishAsync(MessageChannel(serverId), payload));
        return receivers > 0;
    }

    private RedisChannel MessageChannel(string serverId) => RedisChannel.Literal(_options.KeyPrefix + "msg:" + serverId);

    /// <summary>Reads a payload another server published; false for anything else (never throws on it).</summary>
    internal static bool TryReadPayload(string? payload, out ForwardedMessage message)
    {
        message = null!;
        if (payload is null)
            return false;
        var parts = payload.Split(' ', 4);
        if (parts.Length != 4 || parts[1].Length == 0 || parts[2].Length == 0 || parts[3].Length == 0
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var connection))
            return false;
        message = new ForwardedMessage(connection, parts[1], parts[2], parts[3]);
        return true;
    }

    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler);
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException or ObjectDisposedException)
            {
                // Redis is gone or closing: the subscription goes with the connection.
            }
        }
    }
}
