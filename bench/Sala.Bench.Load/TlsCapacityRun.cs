using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sala.Protocol.Registry;

namespace Sala.Bench.Load;

/// <summary>
/// What TLS costs a registry holding idle registered connections (issue 16 item 6): the same N connections, each
/// registering one user, held by a plain <c>sala server</c> (the baseline, same run) and by one with
/// <c>--tls-cert --tls-key</c> (a self-signed ECDSA P-256 certificate made here); the server's RSS before and after each.
/// </summary>
internal static class TlsCapacityRun
{
    private const int ConnectConcurrency = 64;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("sala-bench-tls-").FullName;
        try
        {
            var (certificate, key, hash) = WriteSelfSigned(folder);
            await MeasureAsync("plain", options.Hold, null);
            await MeasureAsync("TLS", options.Hold, hash, "--tls-cert", certificate, "--tls-key", key);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // tls: the SHA-256 of the server's certificate, the one the connections accept; null: plain TCP.
    private static async Task MeasureAsync(string what, int hold, byte[]? tls, params string[] serverArgs)
    {
        using var server = SalaServerProcess.Start(["--idle-timeout", "1h", .. serverArgs]);
        var held = await HeldRegistrations.HoldAsync(
            server, hold, ConnectConcurrency, $"capacity, {what}", (i, source) => ConnectAndRegisterAsync(server.EndPoint, source, $"held{i}", i, tls));
        foreach (var stream in held)
            await stream.DisposeAsync();
    }

    private static async Task<Stream> ConnectAndRegisterAsync(IPEndPoint server, IPAddress source, string name, int i, byte[]? tls)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(server);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (tls is not null)
        {
            var session = new SslStream(stream, leaveInnerStreamOpen: false,
                (_, presented, _, _) => presented is not null && presented.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(tls));
            await session.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
            stream = session;
        }
        await stream.WriteAsync(RegistryRequestWriter.ToLine(RegistryRequest.Register(name, new IPAddress([10, 0, (byte)(i / 250 % 250), (byte)(i % 250 + 1)]), 5000)));
        var reply = new byte[64];
        var read = await stream.ReadAsync(reply);
        var end = Array.IndexOf(reply, (byte)'\n', 0, read);
        if (end < 0 || !RegistryReplyParser.TryParseRegistered(reply.AsSpan(0, end), out _))
            throw new InvalidOperationException($"registering {name}: {Encoding.ASCII.GetString(reply, 0, read)}");
        return stream;
    }

    private static (string Certificate, string Key, byte[] Hash) WriteSelfSigned(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        var certificatePath = Path.Combine(folder, "registry.crt");
        var keyPath = Path.Combine(folder, "registry.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath, certificate.GetCertHash(HashAlgorithmName.SHA256));
    }
}
