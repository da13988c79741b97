namespace Sala.Registry.Tls;

/// <summary>What a client does with the certificate a TLS registry presented (<see cref="RegistryCertificateCheck"/>).</summary>
internal enum RegistryCertificateVerdict
{
    AcceptAuthority,
    AcceptPinned,
    PinAndAccept,

    /// <summary>Another certificate than the one pinned for this host and port: refused, loudly, as SSH's "host key changed".</summary>
    RefuseChanged,

    /// <summary>Not vouched for by the system, and the client keeps no pins.</summary>
    RefuseUntrusted,

    RefuseMissing,
}
