namespace Sala.Registry;

public sealed record RegistryClientOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an otherwise quiet client sends PING, well inside the server's 60 s idle timeout.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The user's identity key: each REGISTER proves it (NONCE, then <c>key=</c> and <c>sig=</c>), which claims a free
    /// name for it and registers a name it claimed. Null registers as the seed did. Owned by the caller.
    /// </summary>
    public Sala.Protocol.Identity.IdentityKey? Identity { get; init; }

    /// <summary>
    /// Where the certificates of <c>tls://</c> registries the system does not vouch for (self-signed) are pinned on
    /// first use and checked after; null accepts only certificates the system's trust store vouches for.
    /// </summary>
    public Tls.IRegistryCertificatePins? CertificatePins { get; init; }
}
