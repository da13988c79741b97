using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Sala.Protocol.Calls;

namespace Sala.Protocol.Security;

/// <summary>
/// One side's ephemeral ECDH (P-256) key pair for one call, and the key schedule: HKDF-SHA256 (RFC 5869) over the
/// shared secret, salted with the transcript hash, gives separate media keys and salts per direction, separate
/// control keys per direction, and the short authentication string. In a hybrid call the ML-KEM-768 secret follows
/// the ECDH one in HKDF's input, so the keys stay secret while either half holds.
/// </summary>
public sealed class CallKeyExchange : IDisposable
{
    public const int MediaKeyBytes = 16;
    public const int MediaSaltBytes = 12;
    public const int ControlKeyBytes = 32;
    private const int CoordinateBytes = 32;
    private const int KeyMaterialBytes = 2 * (MediaKeyBytes + MediaSaltBytes + ControlKeyBytes) + ShortAuthenticationString.Bytes;

    /// <summary>HKDF's info (RFC 5869 §2.3): what the keys are for. The salt is the transcript hash.</summary>
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("sala call keys v1");

    /// <summary>The info of a hybrid call: keys from ECDH alone and from both never share a label.</summary>
    private static readonly byte[] HybridInfo = Encoding.ASCII.GetBytes("sala call keys v2 hybrid");

    private readonly ECDiffieHellman _key;

    public CallKeyExchange()
        : this(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256))
    {
    }

    /// <summary>Tests only: a key pair given, so that published vectors (RFC 5903 §8.1) can be checked.</summary>
    internal CallKeyExchange(ECParameters privateKey)
        : this(ECDiffieHellman.Create(privateKey))
    {
    }

    private CallKeyExchange(ECDiffieHellman key)
    {
        _key = key;
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        PublicShare = Base64Url.EncodeToString([.. point.X!, .. point.Y!]);
    }

    /// <summary>This side's public key, as it travels in the <c>key=</c> field.</summary>
    public string PublicShare { get; }

    /// <summary>
    /// Derives this side's keys from the peer's share; false when the share is not a point on the curve (a broken
    /// or hostile peer), so no keys exist and the call cannot be encrypted.
    /// </summary>
    public bool TryDerive(string peerShare, CallRole role, CallTranscript transcript, [NotNullWhen(true)] out CallKeys? keys) =>
        TryDerive(peerShare, postQuantumSecret: [], role, transcript, out keys);

    /// <summary>
    /// The hybrid derivation: HKDF's input is the ECDH secret then <paramref name="postQuantumSecret"/> (the ML-KEM-768
    /// shared secret; empty for a call without it), and the transcript must then be a hybrid one, which covers the
    /// encapsulation key and the ciphertext.
    /// </summary>
    public bool TryDerive(
        string peerShare, ReadOnlySpan<byte> postQuantumSecret, CallRole role, CallTranscript transcript, [NotNullWhen(true)] out CallKeys? keys)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var hybrid = !postQuantumSecret.IsEmpty;
        if (hybrid && postQuantumSecret.Length != MlKem768.SharedSecretBytes)
            throw new ArgumentException($"An ML-KEM-768 secret is {MlKem768.SharedSecretBytes} bytes.", nameof(postQuantumSecret));
        if (hybrid != transcript.IsHybrid)
            throw new ArgumentException("The transcript covers ML-KEM exactly when its secret is given.", nameof(transcript));
        keys = null;
        if (!TryAgree(peerShare, out var secret))
            return false;
        var input = new byte[secret.Length + postQuantumSecret.Length];
        secret.CopyTo(input, 0);
        postQuantumSecret.CopyTo(input.AsSpan(secret.Length));
        CryptographicOperations.ZeroMemory(secret);
        var material = Hkdf(input, transcript.Hash(), hybrid ? HybridInfo : Info, KeyMaterialBytes);
        CryptographicOperations.ZeroMemory(input);
        keys = Split(material, role) with { PostQuantum = hybrid };
        CryptographicOperations.ZeroMemory(material);
        return true;
    }

    /// <summary>The raw ECDH secret (the x coordinate, RFC 5903 §9) with the peer's share; false for a bad share.</summary>
    internal bool TryAgree(string? peerShare, [NotNullWhen(true)] out byte[]? secret)
    {
        secret = null;
        Span<byte> point = stackalloc byte[2 * CoordinateBytes];
        if (peerShare is null || !Base64Url.IsValid(peerShare, out var decodedLength) || decodedLength != point.Length
            || !Base64Url.TryDecodeFromChars(peerShare, point, out var written) || written != point.Length)
            return false;
        try
        {
            using var peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[..CoordinateBytes].ToArray(), Y = point[CoordinateBytes..].ToArray() },
            });
            secret = _key.DeriveRawSecretAgreement(peer.PublicKey);
        }
        catch (CryptographicException)
        {
            return false;
        }
        return true;
    }

    /// <summary>HKDF-SHA256 (RFC 5869): extract with <paramref name="salt"/>, expand with <paramref name="info"/>.</summary>
    internal static byte[] Hkdf(byte[] secret, byte[] salt, byte[] info, int length) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, length, salt, info);

    /// <summary>The key material in the order docs/protocol.md gives: caller's media key and salt, callee's, both control keys, the SAS.</summary>
    private static CallKeys Split(byte[] material, CallRole role)
    {
        var callerMedia = Take(material, 0, MediaKeyBytes);
        var callerSalt = Take(material, MediaKeyBytes, MediaSaltBytes);
        var calleeMedia = Take(material, MediaKeyBytes + MediaSaltBytes, MediaKeyBytes);
        var calleeSalt = Take(material, 2 * MediaKeyBytes + MediaSaltBytes, MediaSaltBytes);
        var controlStart = 2 * (MediaKeyBytes + MediaSaltBytes);
        var callerControl = Take(material, controlStart, ControlKeyBytes);
        var calleeControl = Take(material, controlStart + ControlKeyBytes, ControlKeyBytes);
        var sas = ShortAuthenticationString.FromBytes(material.AsSpan(controlStart + 2 * ControlKeyBytes, ShortAuthenticationString.Bytes));
        return role == CallRole.Caller
            ? new CallKeys(callerMedia, callerSalt, calleeMedia, calleeSalt, callerControl, calleeControl, sas)
            : new CallKeys(calleeMedia, calleeSalt, callerMedia, callerSalt, calleeControl, callerControl, sas);
    }

    public void Dispose() => _key.Dispose();

    private static byte[] Take(byte[] material, int start, int length) => material.AsSpan(start, length).ToArray();
}
