using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Sala.Registry.Tls;

/// <summary>The client's TLS handshake with a <c>tls://</c> registry, judged by <see cref="RegistryCertificateCheck"/>.</summary>
internal static class RegistryTlsClient
{
    /// <summary>A stream that owns <paramref name="socket"/>, and the certificate accepted; the pin is kept once the handshake succeeded.</summary>
    /// <exception cref="RegistryUnavailableException">No TLS session, or the certificate was refused (the message says why).</exception>
    public static async Task<(SslStream Stream, RegistryServerCertificate Certificate)> AuthenticateAsync(
        Socket socket, RegistryAddress server, IRegistryCertificatePins? pins, CancellationToken cancellationToken)
    {
        var hostPort = server.HostPort;
        string? presented = null;
        string? pinned = null;
        RegistryCertificateVerdict? verdict = null;
        Exception? unreadablePins = null;
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = server.Host,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                presented = certificate is null ? null : CertificateFingerprint.Of(certificate);
                try
                {
                    pinned = pins?.Find(hostPort);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    unreadablePins = ex;
                    return false;
                }
                verdict = presented is null
                    ? RegistryCertificateVerdict.RefuseMissing
                    : RegistryCertificateCheck.Judge(errors, presented, pinned, canPin: pins is not null);
                return verdict is RegistryCertificateVerdict.AcceptAuthority or RegistryCertificateVerdict.AcceptPinned
                    or RegistryCertificateVerdict.PinAndAccept;
            },
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        try
        {
            await stream.AuthenticateAsClientAsync(options, cancellationToken);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await stream.DisposeAsync();
            if (unreadablePins is not null)
                throw new RegistryUnavailableException($"cannot read the pinned registry certificates in {pins!.Location}: {unreadablePins.Message}", unreadablePins);
            throw new RegistryUnavailableException(Refusal(server, verdict, presented, pinned, pins, ex), ex);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
        var trust = verdict!.Value switch
        {
            RegistryCertificateVerdict.AcceptAuthority => RegistryCertificateTrust.CertificateAuthority,
            RegistryCertificateVerdict.AcceptPinned => RegistryCertificateTrust.PinnedBefore,
            _ => RegistryCertificateTrust.PinnedNow,
        };
        if (trust == RegistryCertificateTrust.PinnedNow && pins is not null)
        {
            try
            {
                pins.Pin(hostPort, presented!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stream.DisposeAsync();
                throw new RegistryUnavailableException(
                    $"cannot pin the certificate of the registry at {server} in {pins.Location}: {ex.Message}", ex);
            }
        }
        return (stream, new RegistryServerCertificate(presented!, trust));
    }

    private static string Refusal(
        RegistryAddress server, RegistryCertificateVerdict? verdict, string? presented, string? pinned, IRegistryCertificatePins? pins, Exception ex) =>
        verdict switch
        {
            RegistryCertificateVerdict.RefuseChanged =>
                $"REFUSED: the registry at {server} presented another certificate than the one pinned for it on first use "
                + $"(pinned SHA-256 {pinned}, presented {presented}). Someone may be intercepting the connection, or the "
                + $"registry's operator replaced its certificate: if you know it was replaced, delete the line for "
                + $"{server.HostPort} in {pins!.Location} and connect again",
            RegistryCertificateVerdict.RefuseUntrusted =>
                $"the registry at {server} presented a certificate this system does not trust (SHA-256 {presented}), and no pins are kept here",
            RegistryCertificateVerdict.RefuseMissing => $"the registry at {server} presented no certificate",
            // Not asked about a certificate (or accepted it): the handshake itself failed.
            _ => $"no TLS session with the registry at {server}: {ex.Message} (a registry without TLS is reached without tls://)",
        };
}
