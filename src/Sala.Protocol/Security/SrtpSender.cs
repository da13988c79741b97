using System.Security.Cryptography;
using Sala.Protocol.Rtp;

namespace Sala.Protocol.Security;

/// <summary>
/// Protects outgoing RTP as RFC 7714 (AES-GCM for SRTP) asks: the header stays readable and is authenticated, the
/// payload is encrypted in place and a 16-byte tag appended. Tracks the roll-over counter (RFC 3711 §3.3.1) so the
/// IV never repeats for a key within 2^48 packets. No allocation per packet.
/// </summary>
public sealed class SrtpSender : IDisposable
{
    public const int TagBytes = 16;

    private readonly AesGcm _aes;
    private readonly byte[] _salt;
    private uint _rolloverCounter;
    private int _lastSequence = -1;

    public SrtpSender(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        _aes = new AesGcm(key, TagBytes);
        _salt = salt.ToArray();
    }

    /// <summary>Protects the RTP packet in <paramref name="packet"/>[..length]; returns its new length (plus the tag).</summary>
    public int Protect(Span<byte> packet, int length)
    {
        if (!RtpHeader.TryParse(packet[..length], out var header, out var payloadOffset, out _))
            throw new ArgumentException("Not an RTP packet.", nameof(packet));
        if (packet.Length < length + TagBytes)
            throw new ArgumentException("No room for the authentication tag.", nameof(packet));
        if (_lastSequence >= 0 && header.SequenceNumber < _lastSequence && _lastSequence - header.SequenceNumber > ushort.MaxValue / 2)
            _rolloverCounter++;
        _lastSequence = header.SequenceNumber;

        Span<byte> nonce = stackalloc byte[SrtpNonce.Bytes];
        SrtpNonce.Write(nonce, _salt, header.Ssrc, _rolloverCounter, header.SequenceNumber);
        var payload = packet[payloadOffset..length];
        _aes.Encrypt(nonce, payload, payload, packet.Slice(length, TagBytes), packet[..payloadOffset]);
        return length + TagBytes;
    }

    public void Dispose() => _aes.Dispose();
}
