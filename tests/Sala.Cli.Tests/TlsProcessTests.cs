namespace Sala.Cli.Tests;

/// <summary>
/// Issue 16 item 6 through the real <c>sala</c>: <c>sala server --tls-cert --tls-key</c> and <c>sala client --server
/// tls://</c>, the certificate pinned on first use in the client's own config directory and found there the next time.
/// </summary>
public sealed class TlsProcessTests
{
    [Fact]
    public async Task A_client_registers_with_a_TLS_registry_pinning_its_certificate_once()
    {
        using var folder = new TempFolder();
        using var certificate = TestCertificates.SelfSigned();
        var (certificatePath, keyPath) = TestCertificates.WritePem(certificate, folder.Path, "registry");
        var fingerprint = Sala.Registry.Tls.CertificateFingerprint.Of(certificate);
        var config = folder.File("config");

        await using var server = RunningSalaServer.Start(0, "--tls-cert", certificatePath, "--tls-key", keyPath, "--data-dir", "none");
        Assert.EndsWith(" (TLS)", server.Process.Output.First(), StringComparison.Ordinal);
        server.Process.WaitForLine(l => l == $"Sala registry TLS certificate CN=localhost, SHA-256 {fingerprint}");
        server.Process.WaitForLine(l => l == "Sala registry serving connections on the runtime's sockets (a TLS port)");

        await using (var first = Client(server, "alice", config))
        {
            first.WaitForLine(l => l == $"pinned the registry's certificate on first use: 127.0.0.1:{server.Port} SHA-256 {fingerprint} "
                + $"(kept in {Path.Combine(config, "sala", "known_registries")}; `sala server` printed its own: they should be the same)");
            first.WaitForLine(l => l.StartsWith($"registered as alice (calls on ", StringComparison.Ordinal)
                && l.EndsWith($"registry tls://127.0.0.1:{server.Port})", StringComparison.Ordinal));
            first.SendLine("0");
            Assert.Equal(0, await first.WaitForExitAsync());
        }

        await using var second = Client(server, "alice", config);
        second.WaitForLine(l => l.StartsWith("registered as alice", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Output, l => l.StartsWith("pinned", StringComparison.Ordinal));
        second.SendLine("0");
        Assert.Equal(0, await second.WaitForExitAsync());
    }

    [Fact]
    public async Task A_plain_client_of_a_TLS_registry_is_told_to_use_tls_and_a_wrong_key_stops_the_server_at_start()
    {
        using var folder = new TempFolder();
        using var certificate = TestCertificates.SelfSigned();
        using var other = TestCertificates.SelfSigned();
        var (certificatePath, keyPath) = TestCertificates.WritePem(certificate, folder.Path, "registry");
        var (_, otherKey) = TestCertificates.WritePem(other, folder.Path, "other");

        await using (var refused = SalaProcess.Start("server", "--port", "0", "--tls-cert", certificatePath, "--tls-key", otherKey))
        {
            Assert.Equal(2, await refused.WaitForExitAsync());
            Assert.Contains(refused.Errors, l => l.StartsWith($"sala server: --tls-cert/--tls-key: the key in {otherKey} is not the key of the certificate in {certificatePath}", StringComparison.Ordinal));
        }

        await using var server = RunningSalaServer.Start(0, "--tls-cert", certificatePath, "--tls-key", keyPath, "--data-dir", "none");
        await using var plain = SalaProcess.Start("client", "--name", "bob", "--server", server.Address, "--mic", "silence", "--speaker", "null", "--identity", "none");
        Assert.Equal(3, await plain.WaitForExitAsync());
        Assert.Contains(plain.Output, l => l.Contains("this registry speaks TLS only: use tls://HOST:PORT as its address", StringComparison.Ordinal));
    }

    private static ChildProcess Client(RunningSalaServer server, string name, string config) =>
        SalaProcess.Start(new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = config },
            "client", "--name", name, "--server", $"tls://{server.Address}", "--mic", "silence", "--speaker", "null");
}
