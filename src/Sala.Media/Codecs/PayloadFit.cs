namespace Sala.Media.Codecs;

/// <summary>
/// Whether a payload's length can be what its codec sends, checked before it reaches the playout: an L16 payload must
/// be the whole 20 ms frame Sala plays (a short one would play as part of a frame and silence), and an Opus packet
/// must be well formed (RFC 6716 §3.4, R1–R7). Unknown payload types pass here and are rejected by the playout.
/// </summary>
public static class PayloadFit
{
    /// <summary>Bytes of one 20 ms L16 frame: 16-bit samples, mono, 48 kHz (RFC 3551 §4.5.11).</summary>
    public const int PcmFrameBytes = AudioFormat.SamplesPerFrame * 2;

    public static bool Fits(byte payloadType, ReadOnlySpan<byte> payload) => payloadType switch
    {
        AudioCodecs.PcmPayloadType => payload.Length == PcmFrameBytes,
        AudioCodecs.OpusPayloadType => OpusPacket.TryGetSamples(payload, out _),
        _ => true,
    };
}
