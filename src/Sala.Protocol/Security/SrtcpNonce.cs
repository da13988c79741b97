using System.Buffers.Binary;

namespace Sala.Protocol.Security;

/// <summary>
/// The AES-GCM IV of an SRTCP packet, RFC 7714 §9.1: (00 00 || SSRC || 00 00 || 0 || 31-bit SRTCP index) XOR the
/// 12-byte salt. Bytes 6-7 are zero where SRTP's IV has the roll-over counter's high half, which is why SRTCP gets a
/// key of its own: under one key an SRTCP index could meet an SRTP sequence number in the same IV.
/// </summary>
internal static class SrtcpNonce
{
    public static void Write(Span<byte> nonce, ReadOnlySpan<byte> salt, uint ssrc, uint index)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & SrtcpSender.MaxIndex);
        for (var i = 0; i < SrtpNonce.Bytes; i++)
            nonce[i] ^= salt[i];
    }
}
