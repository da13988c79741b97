using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Sala.Protocol.Calls;

namespace Sala.Protocol.Security;

/// <summary>
/// One side's ephemeral ECDH (P-256) key pair for one call, and the key schedule: HKDF-SHA256 (RFC 5869) over the
/// shared secret, salted with the transcript hash, gives separate media keys and salts per direction, separate
/// control keys per direction, the short authentication string, and then SRTCP keys and salts per direction. (The
/// SRTCP ones came last: HKDF's output for a longer length starts with its output for a shorter one, so adding them
/// changed none of the keys before.)
/// </summary>
public sealed class CallKeyExchange : IDisposable
{
    public const int MediaKeyBytes = 16;
    public const int MediaSaltBytes = 12;
    public const int ControlKeyBytes = 32;
    private const int CoordinateBytes = 32;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("sala call keys v1");

    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public CallKeyExchange()
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        PublicShare = Base64Url.EncodeToString([.. point.X!, .. point.Y!]);
    }

    /// <summary>This side's public key, as it travels in the <c>key=</c> field.</summary>
    public string PublicShare { get; }

    /// <summary>
    /// Derives this side's keys from the peer's share; false when the share is not a point on the curve (a broken
    /// or hostile peer), so no keys exist and the call cannot be encrypted.
    /// </summary>
    public bool TryDerive(string peerShare, CallRole role, CallTranscript transcript, [NotNullWhen(true)] out CallKeys? keys)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        keys = null;
        Span<byte> point = stackalloc byte[2 * CoordinateBytes];
        if (peerShare is null || !Base64Url.IsValid(peerShare, out var decodedLength) || decodedLength != point.Length
            || !Base64Url.TryDecodeFromChars(peerShare, point, out var written) || written != point.Length)
            return false;
        byte[] secret;
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

        var material = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 4 * (MediaKeyBytes + MediaSaltBytes) + 2 * ControlKeyBytes
            + ShortAuthenticationString.Bytes, transcript.Hash(), Info);
        CryptographicOperations.ZeroMemory(secret);
        var callerMedia = Take(material, 0, MediaKeyBytes);
        var callerSalt = Take(material, MediaKeyBytes, MediaSaltBytes);
        var calleeMedia = Take(material, MediaKeyBytes + MediaSaltBytes, MediaKeyBytes);
        var calleeSalt = Take(material, 2 * MediaKeyBytes + MediaSaltBytes, MediaSaltBytes);
        var controlStart = 2 * (MediaKeyBytes + MediaSaltBytes);
        var callerControl = Take(material, controlStart, ControlKeyBytes);
        var calleeControl = Take(material, controlStart + ControlKeyBytes, ControlKeyBytes);
        var sasStart = controlStart + 2 * ControlKeyBytes;
        var sas = ShortAuthenticationString.FromBytes(material.AsSpan(sasStart, ShortAuthenticationString.Bytes));
        var rtcpStart = sasStart + ShortAuthenticationString.Bytes;
        var callerRtcp = Take(material, rtcpStart, MediaKeyBytes);
        var callerRtcpSalt = Take(material, rtcpStart + MediaKeyBytes, MediaSaltBytes);
        var calleeRtcp = Take(material, rtcpStart + MediaKeyBytes + MediaSaltBytes, MediaKeyBytes);
        var calleeRtcpSalt = Take(material, rtcpStart + 2 * MediaKeyBytes + MediaSaltBytes, MediaSaltBytes);
        CryptographicOperations.ZeroMemory(material);
        keys = role == CallRole.Caller
            ? new CallKeys(callerMedia, callerSalt, calleeMedia, calleeSalt, callerControl, calleeControl, sas,
                callerRtcp, callerRtcpSalt, calleeRtcp, calleeRtcpSalt)
            : new CallKeys(calleeMedia, calleeSalt, callerMedia, callerSalt, calleeControl, callerControl, sas,
                calleeRtcp, calleeRtcpSalt, callerRtcp, callerRtcpSalt);
        return true;
    }

    public void Dispose() => _key.Dispose();

    private static byte[] Take(byte[] material, int start, int length) => material.AsSpan(start, length).ToArray();
}
