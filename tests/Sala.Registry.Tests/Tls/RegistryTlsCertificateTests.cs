using System.Security.Cryptography;
using Sala.Registry.Tls;

namespace Sala.Registry.Tests.Tls;

/// <summary>What <c>sala server --tls-cert --tls-key</c> loads, and the clear error for each file it cannot use.</summary>
public sealed class RegistryTlsCertificateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sala-tls-").FullName;

    [Fact]
    public void A_PEM_certificate_and_its_key_load_with_the_fingerprint_openssl_prints()
    {
        using var made = TestCertificates.SelfSigned();
        var (certificatePath, keyPath) = TestCertificates.WritePem(made, _folder, "registry");

        using var loaded = RegistryTlsCertificate.LoadPem(certificatePath, keyPath);
        Assert.Equal(CertificateFingerprint.Format(SHA256.HashData(made.RawData)), loaded.Fingerprint);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", loaded.Fingerprint);
        Assert.Equal("CN=localhost", loaded.Subject);
    }

    [Fact]
    public void A_full_chain_file_serves_its_first_certificate()
    {
        using var leaf = TestCertificates.SelfSigned("registry.example.org");
        using var intermediate = TestCertificates.SelfSigned("Example Intermediate");
        var (certificatePath, keyPath) = TestCertificates.WritePem(leaf, _folder, "leaf");
        File.AppendAllText(certificatePath, "\n" + intermediate.ExportCertificatePem() + "\n");

        using var loaded = RegistryTlsCertificate.LoadPem(certificatePath, keyPath);
        Assert.Equal(CertificateFingerprint.Of(leaf), loaded.Fingerprint);
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused_naming_both_files()
    {
        using var one = TestCertificates.SelfSigned();
        using var other = TestCertificates.SelfSigned();
        var (certificatePath, _) = TestCertificates.WritePem(one, _folder, "one");
        var (_, otherKey) = TestCertificates.WritePem(other, _folder, "other");

        var ex = Assert.Throws<InvalidDataException>(() => RegistryTlsCertificate.LoadPem(certificatePath, otherKey));
        Assert.StartsWith($"the key in {otherKey} is not the key of the certificate in {certificatePath}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_swapped_files_are_named()
    {
        using var made = TestCertificates.SelfSigned();
        var (certificatePath, keyPath) = TestCertificates.WritePem(made, _folder, "registry");
        var missing = Path.Combine(_folder, "missing.pem");

        Assert.StartsWith($"cannot read {missing}", Assert.ThrowsAny<IOException>(() => RegistryTlsCertificate.LoadPem(missing, keyPath)).Message, StringComparison.Ordinal);
        Assert.StartsWith($"cannot read {missing}", Assert.ThrowsAny<IOException>(() => RegistryTlsCertificate.LoadPem(certificatePath, missing)).Message, StringComparison.Ordinal);
        Assert.StartsWith($"{keyPath} holds no PEM certificate", Assert.Throws<InvalidDataException>(() => RegistryTlsCertificate.LoadPem(keyPath, keyPath)).Message, StringComparison.Ordinal);
        Assert.StartsWith($"{certificatePath} holds no PEM private key", Assert.Throws<InvalidDataException>(() => RegistryTlsCertificate.LoadPem(certificatePath, certificatePath)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public void Fingerprints_parse_with_or_without_colons_in_any_case(string text)
    {
        Assert.True(CertificateFingerprint.TryParse(text, out var fingerprint));
        Assert.Equal("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", fingerprint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AB:CD")]
    [InlineData("ZZCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public void Other_text_is_no_fingerprint(string text) => Assert.False(CertificateFingerprint.TryParse(text, out _));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
