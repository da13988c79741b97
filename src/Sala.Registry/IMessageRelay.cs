namespace Sala.Registry;

/// <summary>
/// Carries a SEND to the server that holds the recipient's connection, when several servers share one store (Redis
/// pub/sub: <see cref="Redis.RedisRegistryStore"/>). A server without one delivers only to its own connections.
/// </summary>
public interface IMessageRelay
{
    /// <summary>Starts handing this server's forwarded messages to <paramref name="deliver"/>; disposing the result stops.</summary>
    Task<IAsyncDisposable> ListenAsync(string serverId, Action<ForwardedMessage> deliver);

    /// <summary>Hands the message to the owner's server; false when no server is listening for it.</summary>
    Task<bool> ForwardAsync(string serverId, ForwardedMessage message, CancellationToken cancellationToken);
}
