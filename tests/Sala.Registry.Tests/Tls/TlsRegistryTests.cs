using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Sala.Registry.Tls;

namespace Sala.Registry.Tests.Tls;

/// <summary>Issue 16 item 6: a registry that speaks TLS, and a client that pins a self-signed certificate on first use.</summary>
public sealed class TlsRegistryTests
{
    [Fact]
    public async Task A_client_registers_and_looks_up_over_TLS_pinning_a_self_signed_certificate_on_first_use()
    {
        using var certificate = RegistryTlsCertificate.From(TestCertificates.SelfSigned());
        await using var server = StartTls(certificate);
        var pins = new InMemoryRegistryCertificatePins();
        var options = new RegistryClientOptions { CertificatePins = pins };

        await using (var first = await RegistryClient.ConnectAsync(TlsAddress(server), options))
        {
            Assert.Equal(new RegistryServerCertificate(certificate.Fingerprint, RegistryCertificateTrust.PinnedNow), first.Certificate);
            Assert.Equal(RegisterOutcome.Registered, await first.RegisterAsync("alice", IPAddress.Parse("192.168.1.20"), 5000));
            Assert.Equal(new Registration("alice", IPAddress.Parse("192.168.1.20"), 5000), await first.LookupAsync("ALICE"));
            Assert.Equal(certificate.Fingerprint, pins.Find($"127.0.0.1:{server.Server.LocalEndPoint.Port}"));
        }

        await using var again = await RegistryClient.ConnectAsync(TlsAddress(server), options);
        Assert.Equal(RegistryCertificateTrust.PinnedBefore, again.Certificate!.Trust);
        Assert.Null(await again.LookupAsync("alice"));
        Assert.True(await again.PingAsync() >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Another_certificate_on_a_pinned_address_is_refused_loudly_and_not_pinned_over()
    {
        var pins = new InMemoryRegistryCertificatePins();
        var options = new RegistryClientOptions { CertificatePins = pins };
        using var original = RegistryTlsCertificate.From(TestCertificates.SelfSigned());
        using var impostor = RegistryTlsCertificate.From(TestCertificates.SelfSigned());
        int port;
        await using (var server = StartTls(original))
        {
            port = server.Server.LocalEndPoint.Port;
            await using var client = await RegistryClient.ConnectAsync(TlsAddress(server), options);
            Assert.Equal(RegistryCertificateTrust.PinnedNow, client.Certificate!.Trust);
        }

        await using var other = StartTls(impostor, port);
        var ex = await Assert.ThrowsAsync<RegistryUnavailableException>(() => RegistryClient.ConnectAsync(TlsAddress(other), options));
        Assert.StartsWith($"REFUSED: the registry at tls://127.0.0.1:{port} presented another certificate than the one pinned", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"pinned SHA-256 {original.Fingerprint}, presented {impostor.Fingerprint}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("delete the line for 127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.Equal(original.Fingerprint, pins.Find($"127.0.0.1:{port}"));
    }

    [Fact]
    public async Task Without_pins_only_a_certificate_the_system_trusts_is_accepted()
    {
        using var certificate = RegistryTlsCertificate.From(TestCertificates.SelfSigned());
        await using var server = StartTls(certificate);

        var ex = await Assert.ThrowsAsync<RegistryUnavailableException>(() => RegistryClient.ConnectAsync(TlsAddress(server)));
        Assert.Contains("presented a certificate this system does not trust", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_client_of_a_TLS_registry_is_told_to_use_tls()
    {
        using var certificate = RegistryTlsCertificate.From(TestCertificates.SelfSigned());
        await using var server = StartTls(certificate);

        await using (var raw = await server.ConnectRawAsync())
        {
            Assert.Equal("ERR BAD_REQUEST this registry speaks TLS only: use tls://HOST:PORT as its address", await raw.RequestAsync("PING"));
            Assert.Null(await raw.ReadLineAsync());
        }
        await using var plain = await RegistryClient.ConnectAsync(server.Address);
        var ex = await Assert.ThrowsAsync<RegistryProtocolException>(() => plain.RegisterAsync("alice", IPAddress.Loopback, 5000));
        Assert.Contains("this registry speaks TLS only", ex.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => server.Log.Count("plain text on the TLS port") == 2, "both closes logged");
    }

    [Fact]
    public async Task A_TLS_client_of_a_plain_registry_is_told_there_is_no_TLS_session()
    {
        await using var server = RunningServer.Start();
        var ex = await Assert.ThrowsAsync<RegistryUnavailableException>(() => RegistryClient.ConnectAsync(
            TlsAddress(server), new RegistryClientOptions { CertificatePins = new InMemoryRegistryCertificatePins() }));
        Assert.StartsWith($"no TLS session with the registry at tls://127.0.0.1:{server.Server.LocalEndPoint.Port}", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(a registry without TLS is reached without tls://)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_handshake_fails_and_a_stalled_one_is_closed_by_the_line_timeout_while_others_are_served()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        using var certificate = RegistryTlsCertificate.From(TestCertificates.SelfSigned());
        await using var server = StartTls(certificate, configure: o => o with { LineTimeout = TimeSpan.FromSeconds(10) }, time: time);
        var options = new RegistryClientOptions { CertificatePins = new InMemoryRegistryCertificatePins() };

        // A handshake record header announcing a record that never comes, and one followed by bytes that are no handshake.
        using var stalled = await ConnectRawAsync(server, [0x16, 0x03, 0x01, 0x02, 0x00]);
        using var garbage = await ConnectRawAsync(server, [0x16, .. Enumerable.Repeat((byte)0xEE, 600)]);
        await ReadToEndAsync(garbage);
        await Eventually.TrueAsync(() => server.Log.Count("TLS handshake failed") == 1, "the failed handshake logged");

        await using var honest = await RegistryClient.ConnectAsync(TlsAddress(server), options, TimeProvider.System);
        Assert.Equal(RegisterOutcome.Registered, await honest.RegisterAsync("alice", IPAddress.Loopback, 5000));
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(0, await ReadToEndAsync(stalled));
        await Eventually.TrueAsync(() => server.Log.Count("closed: TLS handshake unfinished for more than 10 s") == 1, "the stalled handshake closed by the limit");
        Assert.NotNull(await honest.LookupAsync("alice"));
        Assert.Equal(1, server.Server.ConnectionCount);
    }

    [Fact]
    public async Task A_connection_over_the_limit_of_a_TLS_registry_is_closed_before_any_handshake()
    {
        using var certificate = RegistryTlsCertificate.From(TestCertificates.SelfSigned());
        await using var server = StartTls(certificate, configure: o => o with { MaxConnections = 1 });
        var options = new RegistryClientOptions { CertificatePins = new InMemoryRegistryCertificatePins() };
        await using var first = await RegistryClient.ConnectAsync(TlsAddress(server), options);
        Assert.Equal(RegisterOutcome.Registered, await first.RegisterAsync("alice", IPAddress.Loopback, 5000));

        var ex = await Assert.ThrowsAsync<RegistryUnavailableException>(() => RegistryClient.ConnectAsync(TlsAddress(server), options));
        Assert.StartsWith("no TLS session with the registry at tls://", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Server.RefusedConnections);
        Assert.NotNull(await first.LookupAsync("alice"));
    }

    [Fact]
    public async Task A_stopping_TLS_registry_says_BYE_SHUTDOWN_inside_the_session()
    {
        using var certificate = RegistryTlsCertificate.From(TestCertificates.SelfSigned());
        var server = StartTls(certificate);
        await using var client = await RegistryClient.ConnectAsync(TlsAddress(server), new RegistryClientOptions { CertificatePins = new InMemoryRegistryCertificatePins() });
        Assert.Equal(RegisterOutcome.Registered, await client.RegisterAsync("alice", IPAddress.Loopback, 5000));

        await server.DisposeAsync();
        Assert.Equal($"the registry at {TlsAddress(server)} is shutting down", await client.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(client.ServerShutDown);
    }

    private static RunningServer StartTls(
        RegistryTlsCertificate certificate, int port = 0, Func<RegistryServerOptions, RegistryServerOptions>? configure = null, TimeProvider? time = null) =>
        RunningServer.Start(time, configure: o => (configure ?? (x => x))(o with { Tls = certificate, Port = port }));

    private static RegistryAddress TlsAddress(RunningServer server) => server.Address with { Tls = true };

    private static async Task<Socket> ConnectRawAsync(RunningServer server, byte[] first)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.EndPoint);
        await socket.SendAsync(first);
        return socket;
    }

    /// <summary>Reads until the server closes and returns how many bytes came before (an alert, maybe); fails after 10 s.</summary>
    private static async Task<int> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var total = 0;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                total += read;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        return total;
    }
}
