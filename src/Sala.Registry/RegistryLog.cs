using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Sala.Registry;

/// <summary>
/// Everything the registry logs, as source-generated methods: each checks its level before it formats or boxes
/// anything, so a line whose level is off costs a branch (the request line at Debug is the one on the hot path).
/// Levels: each request at Debug; connections and registrations at Information; a limit hit at Warning; a store
/// that fails at Error.
/// </summary>
internal static partial class RegistryLog
{
    [LoggerMessage(1, LogLevel.Debug, "{Remote} {Request}")]
    public static partial void RequestHandled(this ILogger logger, string remote, string? request);

    [LoggerMessage(2, LogLevel.Information, "{Remote} connected (#{ConnectionId})")]
    public static partial void Connected(this ILogger logger, string remote, long connectionId);

    [LoggerMessage(3, LogLevel.Information, "{Remote} disconnected (#{ConnectionId}): {Reason}")]
    public static partial void Disconnected(this ILogger logger, string remote, long connectionId, string reason);

    [LoggerMessage(4, LogLevel.Information, "{Remote} disconnected (#{ConnectionId}): {Reason} ({RateLimited} requests rate-limited)")]
    public static partial void DisconnectedAfterLimits(this ILogger logger, string remote, long connectionId, string reason, long rateLimited);

    [LoggerMessage(5, LogLevel.Information, "{Remote} registered {Name} at {EndPoint}")]
    public static partial void Registered(this ILogger logger, string remote, string name, IPEndPoint endPoint);

    [LoggerMessage(6, LogLevel.Information, "{Remote} released {Name}")]
    public static partial void Released(this ILogger logger, string remote, string name);

    [LoggerMessage(7, LogLevel.Information, "{Remote} unregistered {Name}")]
    public static partial void Unregistered(this ILogger logger, string remote, string name);

    [LoggerMessage(10, LogLevel.Warning, "{Source} refused: {Refusal}")]
    public static partial void ConnectionRefused(this ILogger logger, IPAddress? source, string refusal);

    /// <summary>Once per connection: the requests refused after it are counted, and the count logged when it closes.</summary>
    [LoggerMessage(11, LogLevel.Warning, "{Remote} (#{ConnectionId}) is rate-limited: more than {Rate} requests a second")]
    public static partial void RequestRateLimited(this ILogger logger, string remote, long connectionId, double rate);

    [LoggerMessage(12, LogLevel.Warning, "{Remote} (#{ConnectionId}) closed: {Reason}")]
    public static partial void LimitClosed(this ILogger logger, string remote, long connectionId, string reason);

    /// <summary>Once per connection, like <see cref="RequestRateLimited"/>.</summary>
    [LoggerMessage(13, LogLevel.Warning, "{Remote} SEND {To} from {From}: {Limit}")]
    public static partial void MessageLimited(this ILogger logger, string remote, string to, string from, string limit);

    [LoggerMessage(14, LogLevel.Warning, "dropped a message from {From} to {To} relayed from another server: {Why}")]
    public static partial void RelayedMessageDropped(this ILogger logger, string from, string to, string why);

    [LoggerMessage(15, LogLevel.Warning, "accept failed: {SocketError}")]
    public static partial void AcceptFailed(this ILogger logger, System.Net.Sockets.SocketError socketError, Exception exception);

    [LoggerMessage(20, LogLevel.Error, "{Remote} {Command} {Name}: store unavailable")]
    public static partial void StoreFailed(this ILogger logger, string remote, string command, string? name, Exception exception);

    [LoggerMessage(21, LogLevel.Error, "{Remote} could not release {Name}")]
    public static partial void ReleaseFailed(this ILogger logger, string remote, string name, Exception exception);

    [LoggerMessage(22, LogLevel.Error, "could not stop receiving relayed messages")]
    public static partial void StopListeningFailed(this ILogger logger, Exception exception);

    [LoggerMessage(23, LogLevel.Error, "{Remote} (#{ConnectionId}) closed by a fault of the server")]
    public static partial void ConnectionFailed(this ILogger logger, string remote, long connectionId, Exception exception);

    [LoggerMessage(24, LogLevel.Error, "{Loop}: work handed to the poll loop failed")]
    public static partial void PollWorkFailed(this ILogger logger, string loop, Exception exception);

    [LoggerMessage(30, LogLevel.Error, "lost {Where}: {FailureType}")]
    public static partial void StoreConnectionLost(this ILogger logger, string where, ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(31, LogLevel.Information, "reconnected to {Where}; renewing leases")]
    public static partial void StoreReconnected(this ILogger logger, string where);

    [LoggerMessage(32, LogLevel.Error, "cannot renew leases in {Where}")]
    public static partial void LeaseRenewalFailed(this ILogger logger, string where, Exception exception);

    [LoggerMessage(33, LogLevel.Information, "renewing leases in {Where} again")]
    public static partial void LeaseRenewalRecovered(this ILogger logger, string where);

    [LoggerMessage(34, LogLevel.Information, "restored {Name} ({Owner}) in {Where}")]
    public static partial void LeaseRestored(this ILogger logger, string name, RegistrationOwner owner, string where);

    [LoggerMessage(35, LogLevel.Warning, "lost {Name} ({Owner}): its lease expired and another connection took the name")]
    public static partial void LeaseLost(this ILogger logger, string name, RegistrationOwner owner);

    [LoggerMessage(36, LogLevel.Warning, "ignored a malformed relayed message on {Channel}")]
    public static partial void MalformedRelayedMessage(this ILogger logger, string channel);

    [LoggerMessage(37, LogLevel.Error, "cannot subscribe to {Channel} in {Where} yet")]
    public static partial void SubscribeFailed(this ILogger logger, string channel, string where, Exception exception);
}
