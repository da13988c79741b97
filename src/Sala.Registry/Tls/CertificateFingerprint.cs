using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sala.Registry.Tls;

/// <summary>
/// The SHA-256 of a certificate's DER bytes, written as <c>openssl x509 -noout -fingerprint -sha256</c> writes it
/// (<c>AB:CD:...</c>), so a user can compare what the client pinned with what <c>sala server</c> printed.
/// </summary>
public static class CertificateFingerprint
{
    public static string Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Format(SHA256.HashData(certificate.GetRawCertData()));
    }

    public static string Format(ReadOnlySpan<byte> sha256) => string.Join(':', Convert.ToHexString(sha256).Chunk(2).Select(pair => new string(pair)));

    /// <summary>Accepts 64 hex digits with or without colons, in any case; gives them back in <see cref="Format"/>'s form.</summary>
    public static bool TryParse(string? text, out string fingerprint)
    {
        fingerprint = "";
        var digits = text?.Replace(":", "", StringComparison.Ordinal) ?? "";
        if (digits.Length != SHA256.HashSizeInBytes * 2 || !digits.All(char.IsAsciiHexDigit))
            return false;
        fingerprint = Format(Convert.FromHexString(digits));
        return true;
    }
}
