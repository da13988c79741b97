using System.Net.Security;

namespace Sala.Registry.Tls;

/// <summary>
/// The client's rule for a TLS registry's certificate, apart from the handshake that asks it: one the system's trust
/// store vouches for, for the host name used, is accepted as the web accepts it; any other (self-signed, most often)
/// is trusted on first use: pinned by host and port, accepted while it stays the same, refused when it changes.
/// </summary>
internal static class RegistryCertificateCheck
{
    /// <param name="errors">What the system's validation found (chain, host name).</param>
    /// <param name="fingerprint">The presented certificate's (<see cref="CertificateFingerprint"/>).</param>
    /// <param name="pinned">The fingerprint pinned for this host and port, or null.</param>
    /// <param name="canPin">False when the client keeps no pins.</param>
    public static RegistryCertificateVerdict Judge(SslPolicyErrors errors, string fingerprint, string? pinned, bool canPin)
    {
        if (errors == SslPolicyErrors.None)
            return RegistryCertificateVerdict.AcceptAuthority;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return RegistryCertificateVerdict.RefuseMissing;
        if (!canPin)
            return RegistryCertificateVerdict.RefuseUntrusted;
        if (pinned is null)
            return RegistryCertificateVerdict.PinAndAccept;
        return string.Equals(pinned, fingerprint, StringComparison.OrdinalIgnoreCase)
            ? RegistryCertificateVerdict.AcceptPinned
            : RegistryCertificateVerdict.RefuseChanged;
    }
}
