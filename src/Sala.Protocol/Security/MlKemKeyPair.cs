using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;

namespace Sala.Protocol.Security;

/// <summary>
/// The caller's ML-KEM-768 key pair for one call: the encapsulation key goes out in the <c>CONVITE</c>, the
/// decapsulation key opens the ciphertext that comes back in the <c>ACEITO</c>.
/// </summary>
public sealed class MlKemKeyPair
{
    /// <summary>FIPS 203's seed d ‖ z, from which ML-KEM.KeyGen_internal makes the pair.</summary>
    internal const int SeedBytes = 64;

    private readonly MLKemPrivateKeyParameters _key;

    public MlKemKeyPair()
        : this(RandomNumberGenerator.GetBytes(SeedBytes))
    {
    }

    /// <summary>Tests only: the pair from a given seed, so known answers can be checked.</summary>
    internal MlKemKeyPair(byte[] seed)
    {
        _key = MLKemPrivateKeyParameters.FromSeed(MlKem768.Parameters, seed);
        EncapsulationKey = Base64Url.EncodeToString(_key.GetPublicKeyEncoded());
    }

    /// <summary>The encapsulation key, base64url, as it travels in <c>pq=</c>.</summary>
    public string EncapsulationKey { get; }

    /// <summary>
    /// The shared secret the ciphertext carries; false only when it is not a ciphertext's length. A ciphertext
    /// tampered with still gives a secret, another one (FIPS 203's implicit rejection), so the keys then differ.
    /// </summary>
    public bool TryDecapsulate(string? ciphertext, [NotNullWhen(true)] out byte[]? secret)
    {
        secret = null;
        if (!MlKem768.TryDecode(ciphertext, MlKem768.CiphertextBytes, out var encapsulation))
            return false;
        var decapsulator = new MLKemDecapsulator(MlKem768.Parameters);
        decapsulator.Init(_key);
        secret = new byte[MlKem768.SharedSecretBytes];
        decapsulator.Decapsulate(encapsulation, secret);
        return true;
    }
}
