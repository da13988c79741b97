using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sala.Protocol.Security;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3, the AES-CM PRF of §4.3.3), which RFC 7714 §11 keeps for AES-GCM:
/// each session key and salt is AES-CM keystream under the master key, from the IV (master salt XOR label at byte 7)
/// times 2^16, with a key derivation rate of 0. A 12-byte GCM master salt fills the first 12 of the 14 bytes, the
/// rest zero, as libsrtp does. Every SRTP stack derives this way, so a master key and salt written to a key log
/// decrypt a call anywhere.
/// </summary>
public static class SrtpKeyDerivation
{
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpSaltLabel = 0x05;

    private const int BlockBytes = 16;
    private const int MasterSaltBytes = 14;

    /// <summary>The RTP session key (label 0) for AES-128-GCM.</summary>
    public static byte[] RtpSessionKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        Derive(masterKey, masterSalt, RtpEncryptionLabel, masterKey.Length);

    /// <summary>The RTP session salt (label 2): 12 bytes, the AES-GCM salt of RFC 7714 §8.1.</summary>
    public static byte[] RtpSessionSalt(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        Derive(masterKey, masterSalt, RtpSaltLabel, SrtpNonce.Bytes);

    /// <summary>The SRTCP session key (label 3) for AES-128-GCM.</summary>
    public static byte[] RtcpSessionKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        Derive(masterKey, masterSalt, RtcpEncryptionLabel, masterKey.Length);

    /// <summary>The SRTCP session salt (label 5): 12 bytes, the AES-GCM salt of RFC 7714 §9.1.</summary>
    public static byte[] RtcpSessionSalt(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt) =>
        Derive(masterKey, masterSalt, RtcpSaltLabel, SrtpNonce.Bytes);

    public static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        if (masterSalt.Length > MasterSaltBytes)
            throw new ArgumentException($"An SRTP master salt is at most {MasterSaltBytes} bytes.", nameof(masterSalt));
        Span<byte> counter = stackalloc byte[BlockBytes];
        counter.Clear();
        masterSalt.CopyTo(counter);
        counter[7] ^= label;
        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        var output = new byte[length];
        Span<byte> block = stackalloc byte[BlockBytes];
        for (var offset = 0; offset < length; offset += BlockBytes)
        {
            BinaryPrimitives.WriteUInt16BigEndian(counter[14..], (ushort)(offset / BlockBytes));
            aes.EncryptEcb(counter, block, PaddingMode.None);
            block[..Math.Min(BlockBytes, length - offset)].CopyTo(output.AsSpan(offset));
        }
        return output;
    }
}
