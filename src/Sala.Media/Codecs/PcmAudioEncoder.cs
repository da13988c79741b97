using System.Buffers.Binary;

namespace Sala.Media.Codecs;

/// <summary>
/// Uncompressed L16 (RFC 3551 §4.5.11: 16-bit signed samples in network byte order), for debugging and measuring.
/// A 20 ms frame takes 1920 bytes, more than a 1500-byte Ethernet MTU holds without IP fragmentation.
/// </summary>
public sealed class PcmAudioEncoder : IAudioEncoder
{
    public const int PayloadBytes = AudioFormat.SamplesPerFrame * sizeof(short);

    public byte PayloadType => AudioCodecs.PcmPayloadType;

    public string Name => AudioCodecs.PcmName;

    public string Description => AudioCodecs.PcmName;

    public bool Dtx => false;

    public int Encode(ReadOnlySpan<short> frame, Span<byte> payload)
    {
        if (frame.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException(
                $"A frame must hold {AudioFormat.SamplesPerFrame} samples, not {frame.Length}.", nameof(frame));
        }

        if (payload.Length < PayloadBytes)
        {
            throw new ArgumentException($"An L16 payload needs {PayloadBytes} bytes, not {payload.Length}.", nameof(payload));
        }

        for (var i = 0; i < frame.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(payload[(i * 2)..], frame[i]);
        }

        return PayloadBytes;
    }

    public void Dispose()
    {
        // Nothing held.
    }
}
