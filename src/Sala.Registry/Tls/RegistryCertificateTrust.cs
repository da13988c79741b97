namespace Sala.Registry.Tls;

/// <summary>Why a client accepted a TLS registry's certificate.</summary>
public enum RegistryCertificateTrust
{
    /// <summary>The system's trust store vouches for it, for the host name the client used: nothing is pinned.</summary>
    CertificateAuthority,

    /// <summary>Not vouched for (self-signed), but the one pinned for this host and port on an earlier first use.</summary>
    PinnedBefore,

    /// <summary>Not vouched for, and nothing was pinned for this host and port: pinned now (trust on first use).</summary>
    PinnedNow,
}
