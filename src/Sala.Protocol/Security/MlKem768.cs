using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Sala.Protocol.Security;

/// <summary>
/// ML-KEM-768 (FIPS 203), the post-quantum half of a call's key agreement, in BouncyCastle's managed code: .NET 10's
/// own <c>MLKem</c> needs OpenSSL 3.5, and Debian 12 ships 3.0. The callee encapsulates to the caller's key; the
/// caller decapsulates with its <see cref="MlKemKeyPair"/>.
/// </summary>
public static class MlKem768
{
    public const int EncapsulationKeyBytes = 1184;
    public const int CiphertextBytes = 1088;
    public const int SharedSecretBytes = 32;

    internal static MLKemParameters Parameters => MLKemParameters.ml_kem_768;

    /// <summary>
    /// Makes a shared secret for the holder of <paramref name="encapsulationKey"/> (base64url, as it travels in
    /// <c>pq=</c>) and the ciphertext that carries it there; false when the key is not an ML-KEM-768 key (wrong
    /// length, or coefficients not reduced modulo q: the check of FIPS 203 §7.2), so a hostile peer gets nothing.
    /// </summary>
    public static bool TryEncapsulate(
        string? encapsulationKey, [NotNullWhen(true)] out string? ciphertext, [NotNullWhen(true)] out byte[]? secret) =>
        TryEncapsulate(encapsulationKey, random: null, out ciphertext, out secret);

    /// <summary>Tests only: <paramref name="random"/> gives the 32-byte message m, so known answers can be checked.</summary>
    internal static bool TryEncapsulate(
        string? encapsulationKey, SecureRandom? random, [NotNullWhen(true)] out string? ciphertext, [NotNullWhen(true)] out byte[]? secret)
    {
        ciphertext = null;
        secret = null;
        if (!TryDecode(encapsulationKey, EncapsulationKeyBytes, out var encoded))
            return false;
        MLKemPublicKeyParameters key;
        try
        {
            key = MLKemPublicKeyParameters.FromEncoding(Parameters, encoded);
        }
        catch (ArgumentException)
        {
            return false;
        }
        var encapsulator = new MLKemEncapsulator(Parameters);
        encapsulator.Init(random is null ? key : new ParametersWithRandom(key, random));
        var encapsulation = new byte[CiphertextBytes];
        secret = new byte[SharedSecretBytes];
        encapsulator.Encapsulate(encapsulation, secret);
        ciphertext = Base64Url.EncodeToString(encapsulation);
        return true;
    }

    /// <summary>Decodes base64url text of exactly <paramref name="length"/> bytes.</summary>
    internal static bool TryDecode(string? text, int length, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text is null || !Base64Url.IsValid(text, out var decodedLength) || decodedLength != length)
            return false;
        var decoded = new byte[length];
        if (!Base64Url.TryDecodeFromChars(text, decoded, out var written) || written != length)
            return false;
        bytes = decoded;
        return true;
    }
}
