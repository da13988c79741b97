using System.Net;

namespace Sala.Registry;

public sealed record RegistryServerOptions
{
    /// <summary>The registry's well-known TCP port, used by clients when a server address has none.</summary>
    public const int DefaultPort = 7070;

    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Where to listen; <see cref="IPAddress.IPv6Any"/> (dual-stack) or <see cref="IPAddress.Any"/> mean every interface.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Any;

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>A connection that sends no complete request for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>Names this server in registration ownership tokens, so servers sharing a store tell owners apart.</summary>
    public string ServerId { get; init; } = Guid.NewGuid().ToString("N")[..12];
}
