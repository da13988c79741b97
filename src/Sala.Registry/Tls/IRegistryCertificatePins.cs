namespace Sala.Registry.Tls;

/// <summary>
/// Where a client keeps the certificates of TLS registries it trusted on first use, by <c>host:port</c>
/// (<see cref="RegistryAddress.HostPort"/>), as SSH keeps <c>known_hosts</c>.
/// </summary>
public interface IRegistryCertificatePins
{
    /// <summary>Where the pins are kept, for the message that tells a user how to forget one.</summary>
    string Location { get; }

    /// <summary>The fingerprint (<see cref="CertificateFingerprint"/>) pinned for <paramref name="hostPort"/>, or null.</summary>
    string? Find(string hostPort);

    /// <exception cref="IOException">The pin cannot be kept.</exception>
    void Pin(string hostPort, string fingerprint);
}
