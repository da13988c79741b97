using System.Buffers.Binary;

namespace Sala.Protocol.Security;

/// <summary>The AES-GCM IV of an SRTP packet, RFC 7714 §8.1: (00 00 || SSRC || ROC || SEQ) XOR the 12-byte salt.</summary>
internal static class SrtpNonce
{
    public const int Bytes = 12;

    public static void Write(Span<byte> nonce, ReadOnlySpan<byte> salt, uint ssrc, uint rolloverCounter, ushort sequence)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], rolloverCounter);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequence);
        for (var i = 0; i < Bytes; i++)
            nonce[i] ^= salt[i];
    }
}
