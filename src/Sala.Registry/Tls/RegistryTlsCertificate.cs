using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sala.Registry.Tls;

/// <summary>
/// The certificate a TLS registry serves, with its private key and the chain sent with it (the other certificates of a
/// PEM file such as Let's Encrypt's <c>fullchain.pem</c>, which clients need to reach a root they trust).
/// </summary>
public sealed class RegistryTlsCertificate : IDisposable
{
    private readonly X509Certificate2 _certificate;

    private RegistryTlsCertificate(X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        if (!certificate.HasPrivateKey)
            throw new InvalidDataException("the certificate comes without its private key");
        _certificate = certificate;
        Fingerprint = CertificateFingerprint.Of(certificate);
        Context = SslStreamCertificateContext.Create(certificate, chain, offline: true);
    }

    /// <summary>As <c>openssl x509 -fingerprint -sha256</c> prints it; what a client pins.</summary>
    public string Fingerprint { get; }

    public string Subject => _certificate.Subject;

    public DateTimeOffset NotAfter => _certificate.NotAfter;

    internal SslStreamCertificateContext Context { get; }

    /// <summary>A certificate with its private key, made elsewhere (a test's self-signed one).</summary>
    public static RegistryTlsCertificate From(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new RegistryTlsCertificate(certificate, []);
    }

    /// <summary>The first certificate of <paramref name="certificatePath"/> with the key of <paramref name="keyPath"/> (PEM, unencrypted).</summary>
    /// <exception cref="IOException">A file cannot be read (the message names it).</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    /// <exception cref="InvalidDataException">No certificate, no key, or a key that is not the certificate's (the message says which).</exception>
    public static RegistryTlsCertificate LoadPem(string certificatePath, string keyPath)
    {
        var certificatePem = Read(certificatePath);
        var keyPem = Read(keyPath);
        X509Certificate2 certificate;
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certificatePem);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"{certificatePath} holds no PEM certificate ({ex.Message})", ex);
        }
        if (chain.Count == 0)
            throw new InvalidDataException($"{certificatePath} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        var label = FindKeyLabel(keyPem);
        if (label is null or EncryptedKeyLabel)
        {
            throw new InvalidDataException(label == EncryptedKeyLabel
                ? $"{keyPath} holds an encrypted private key: decrypt it first (openssl pkey -in {keyPath} -out KEY)"
                : $"{keyPath} holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new InvalidDataException($"the key in {keyPath} is not the key of the certificate in {certificatePath} ({ex.Message})", ex);
        }
        chain.RemoveAt(0);
        if (OperatingSystem.IsWindows())
        {
            // SChannel will not use a key that lives only in memory, as one read from PEM does: give it a PFX-backed one.
            using var ephemeral = certificate;
            certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        return new RegistryTlsCertificate(certificate, chain);
    }

    public void Dispose() => _certificate.Dispose();

    private const string EncryptedKeyLabel = "ENCRYPTED PRIVATE KEY";

    /// <summary>The label of the first private key in <paramref name="pem"/>, or null when it holds none.</summary>
    private static string? FindKeyLabel(string pem)
    {
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            if (label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
                return label;
            rest = rest[fields.Location.End..];
        }
        return null;
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new UnauthorizedAccessException($"cannot read {path}: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new IOException($"cannot read {path}: {ex.Message}", ex);
        }
    }
}
