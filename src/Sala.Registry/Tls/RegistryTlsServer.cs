using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Sala.Registry.Tls;

/// <summary>The server's side of the TLS handshake on a registry port that serves TLS only.</summary>
internal static class RegistryTlsServer
{
    /// <summary>A TLS connection opens with a handshake record, content type 22 (RFC 8446 §5.1); a request line never starts so.</summary>
    private const byte HandshakeRecord = 0x16;

    /// <summary>
    /// Waits for the client's first byte; null when it is not a TLS handshake (a client of the plain protocol, told so
    /// by the caller), else the stream of the TLS session (which owns <paramref name="socket"/>).
    /// </summary>
    /// <exception cref="EndOfStreamException">The client closed the connection before sending anything.</exception>
    public static async Task<SslStream?> AcceptAsync(Socket socket, RegistryTlsCertificate certificate, CancellationToken cancellationToken)
    {
        var first = new byte[1];
        if (await socket.ReceiveAsync(first, SocketFlags.Peek, cancellationToken) == 0)
            throw new EndOfStreamException("closed before the TLS handshake");
        if (first[0] != HandshakeRecord)
            return null;
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await stream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate.Context,
                ClientCertificateRequired = false,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }
}
