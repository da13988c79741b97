using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sala.Protocol.Security;

/// <summary>
/// Protects outgoing RTCP as RFC 7714 §9 (AEAD_AES_128_GCM for SRTCP) asks: the first 8 octets (header and sender
/// SSRC) stay readable and are authenticated, the rest of the compound packet is encrypted in place, then come the
/// 16-byte tag and the 32-bit trailer of the E flag (set: encrypted) and the 31-bit SRTCP index, which is
/// authenticated too. The index counts packets from 0 and never repeats under a key. No allocation per packet.
/// </summary>
public sealed class SrtcpSender : IDisposable
{
    /// <summary>The 8 octets of an RTCP packet that stay in the clear: the first header and the sender's SSRC.</summary>
    public const int ClearBytes = 8;

    /// <summary>The E flag and SRTCP index word after the tag.</summary>
    public const int TrailerBytes = 4;

    /// <summary>What protection adds to a packet: the tag and the trailer.</summary>
    public const int Overhead = SrtpSender.TagBytes + TrailerBytes;

    /// <summary>The largest SRTCP index: 31 bits (RFC 3711 §3.4); a key must be replaced before it is used up.</summary>
    public const uint MaxIndex = 0x7FFF_FFFF;

    /// <summary>The E flag, the top bit of the trailer: the packet is encrypted.</summary>
    public const uint EncryptedFlag = 0x8000_0000;

    private readonly AesGcm _aes;
    private readonly byte[] _salt;
    private long _nextIndex;

    /// <param name="key">The AES-128 key of this direction's SRTCP.</param>
    /// <param name="salt">Its 12-byte salt.</param>
    /// <param name="firstIndex">The index of the first packet: 0 for a new key (others only for known-answer tests).</param>
    public SrtcpSender(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, uint firstIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstIndex, MaxIndex);
        _aes = new AesGcm(key, SrtpSender.TagBytes);
        _salt = salt.ToArray();
        _nextIndex = firstIndex;
    }

    /// <summary>
    /// Protects the RTCP packet in <paramref name="packet"/>[..length] and returns its new length, <see cref="Overhead"/>
    /// longer. Throws when the packet is shorter than its first 8 octets, when there is no room, or when the 2^31
    /// indices of this key are used up (at one report a second, after 68 years).
    /// </summary>
    public int Protect(Span<byte> packet, int length)
    {
        if (length < ClearBytes)
            throw new ArgumentException("Not an RTCP packet.", nameof(packet));
        if (packet.Length < length + Overhead)
            throw new ArgumentException("No room for the tag and the SRTCP index.", nameof(packet));
        if (_nextIndex > MaxIndex)
            throw new InvalidOperationException("The SRTCP index of this key is used up.");
        var index = (uint)_nextIndex++;
        var trailer = EncryptedFlag | index;
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + SrtpSender.TagBytes)..], trailer);

        Span<byte> nonce = stackalloc byte[SrtpNonce.Bytes];
        SrtcpNonce.Write(nonce, _salt, BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), index);
        // The associated data is the clear octets followed by the trailer (RFC 7714 §9.2, Figure 6).
        Span<byte> associated = stackalloc byte[ClearBytes + TrailerBytes];
        packet[..ClearBytes].CopyTo(associated);
        BinaryPrimitives.WriteUInt32BigEndian(associated[ClearBytes..], trailer);
        var body = packet[ClearBytes..length];
        _aes.Encrypt(nonce, body, body, packet.Slice(length, SrtpSender.TagBytes), associated);
        return length + Overhead;
    }

    public void Dispose() => _aes.Dispose();
}
