using System.Security.Cryptography;
using Sala.Protocol.Rtp;

namespace Sala.Protocol.Security;

/// <summary>
/// Verifies and decrypts incoming SRTP (RFC 7714) in place. The roll-over counter is guessed from the sequence
/// number as RFC 3711 §3.3.1 does; a packet that fails authentication, or whose index is a replay, is refused and
/// counted, never handed on. No allocation per packet.
/// </summary>
public sealed class SrtpReceiver : IDisposable
{
    private readonly AesGcm _aes;
    private readonly byte[] _salt;
    private readonly ReplayWindow _window = new();
    private readonly byte[] _firstPacket = new byte[2048];

    public SrtpReceiver(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        _aes = new AesGcm(key, SrtpSender.TagBytes);
        _salt = salt.ToArray();
    }

    public long AuthenticationFailures { get; private set; }

    public long Replays { get; private set; }

    /// <summary>
    /// Unprotects <paramref name="packet"/>[..length]: on success the payload is plain and <paramref name="length"/>
    /// is shortened by the tag. False (and counted) for anything not authentic or seen before.
    /// </summary>
    public bool TryUnprotect(Span<byte> packet, ref int length)
    {
        if (!RtpHeader.TryParse(packet[..length], out var header, out var payloadOffset, out var payloadLength)
            || payloadLength < SrtpSender.TagBytes)
        {
            AuthenticationFailures++;
            return false;
        }
        var index = EstimateIndex(header.SequenceNumber);
        if (_window.IsReplay(index))
        {
            Replays++;
            return false;
        }

        var end = length - SrtpSender.TagBytes;
        var ciphertext = packet[payloadOffset..end];
        var tag = packet.Slice(end, SrtpSender.TagBytes);
        var headerBytes = packet[..payloadOffset];
        if (_window.Highest < 0 && ciphertext.Length <= _firstPacket.Length)
        {
            // The first packet may come after the sender's sequence wrapped (its first packets lost): try the next
            // roll-over counter too. Decryption wipes its output on failure, so the second try works on a copy.
            ciphertext.CopyTo(_firstPacket);
            if (!TryDecrypt(header, index, ciphertext, tag, headerBytes))
            {
                index += 1 << 16;
                _firstPacket.AsSpan(0, ciphertext.Length).CopyTo(ciphertext);
                if (!TryDecrypt(header, index, ciphertext, tag, headerBytes))
                    return Fail();
            }
        }
        else if (!TryDecrypt(header, index, ciphertext, tag, headerBytes))
        {
            return Fail();
        }
        _window.Accept(index);
        length = end;
        return true;
    }

    public void Dispose() => _aes.Dispose();

    private bool TryDecrypt(RtpHeader header, long index, Span<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> headerBytes)
    {
        Span<byte> nonce = stackalloc byte[SrtpNonce.Bytes];
        SrtpNonce.Write(nonce, _salt, header.Ssrc, (uint)(index >> 16), header.SequenceNumber);
        try
        {
            _aes.Decrypt(nonce, ciphertext, tag, ciphertext, headerBytes);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private bool Fail()
    {
        AuthenticationFailures++;
        return false;
    }

    /// <summary>The 48-bit index nearest the highest seen: ROC - 1, ROC or ROC + 1 with this sequence number.</summary>
    private long EstimateIndex(ushort sequence)
    {
        var highest = _window.Highest;
        if (highest < 0)
            return sequence;
        var rolloverCounter = highest >> 16;
        var best = (rolloverCounter << 16) | sequence;
        var below = ((rolloverCounter - 1) << 16) | sequence;
        var above = ((rolloverCounter + 1) << 16) | sequence;
        if (below >= 0 && highest - below < Math.Abs(best - highest))
            best = below;
        if (above - highest < Math.Abs(best - highest))
            best = above;
        return best;
    }
}
