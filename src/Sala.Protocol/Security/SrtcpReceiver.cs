using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sala.Protocol.Security;

/// <summary>
/// Verifies and decrypts incoming SRTCP (RFC 7714 §9) in place: packets with the E flag set are decrypted, packets
/// without it only authenticated (the whole packet is then associated data, §9.2). A packet that fails, or whose
/// SRTCP index is a replay (RFC 3711 §3.3.2, over the index), is refused and counted, never handed on.
/// </summary>
public sealed class SrtcpReceiver : IDisposable
{
    /// <summary>The smallest SRTCP packet: 8 clear octets, the tag and the trailer.</summary>
    public const int MinLength = SrtcpSender.ClearBytes + SrtcpSender.Overhead;

    /// <summary>The largest packet accepted, so associated data always fits the stack.</summary>
    public const int MaxLength = 2048;

    private readonly AesGcm _aes;
    private readonly byte[] _salt;
    private readonly ReplayWindow _window = new();

    public SrtcpReceiver(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        _aes = new AesGcm(key, SrtpSender.TagBytes);
        _salt = salt.ToArray();
    }

    public long AuthenticationFailures { get; private set; }

    public long Replays { get; private set; }

    /// <summary>
    /// Unprotects <paramref name="packet"/>[..length]: on success it holds the plain RTCP and <paramref name="length"/>
    /// is shortened by <see cref="SrtcpSender.Overhead"/>. False (and counted) for anything not authentic or seen
    /// before; total: never throws.
    /// </summary>
    public bool TryUnprotect(Span<byte> packet, ref int length)
    {
        if (length < MinLength || length > MaxLength || length > packet.Length || packet[0] >> 6 != 2)
            return Fail();
        var plainLength = length - SrtcpSender.Overhead;
        var trailer = BinaryPrimitives.ReadUInt32BigEndian(packet[(length - SrtcpSender.TrailerBytes)..]);
        var index = trailer & SrtcpSender.MaxIndex;
        if (_window.IsReplay(index))
        {
            Replays++;
            return false;
        }

        Span<byte> nonce = stackalloc byte[SrtpNonce.Bytes];
        SrtcpNonce.Write(nonce, _salt, BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), index);
        var tag = packet.Slice(plainLength, SrtpSender.TagBytes);
        var encrypted = (trailer & SrtcpSender.EncryptedFlag) != 0;
        // Encrypted: the clear octets and the trailer are associated data. Authenticated only: the whole packet is.
        var clear = encrypted ? SrtcpSender.ClearBytes : plainLength;
        Span<byte> associated = stackalloc byte[clear + SrtcpSender.TrailerBytes];
        packet[..clear].CopyTo(associated);
        BinaryPrimitives.WriteUInt32BigEndian(associated[clear..], trailer);
        var body = packet[clear..plainLength];
        try
        {
            _aes.Decrypt(nonce, body, tag, body, associated);
        }
        catch (AuthenticationTagMismatchException)
        {
            return Fail();
        }
        _window.Accept(index);
        length = plainLength;
        return true;
    }

    public void Dispose() => _aes.Dispose();

    private bool Fail()
    {
        AuthenticationFailures++;
        return false;
    }
}
