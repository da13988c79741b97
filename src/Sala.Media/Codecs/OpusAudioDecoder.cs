using Concentus.Structs;

namespace Sala.Media.Codecs;

/// <summary>
/// Opus through the managed Concentus decoder, packets of any length (2.5 to 120 ms). A lost packet is rebuilt from the FEC copy carried by the next packet
/// when it has arrived, otherwise by Opus's own packet loss concealment.
/// </summary>
public sealed class OpusAudioDecoder : IAudioDecoder
{
    // Built directly rather than through OpusCodecFactory, for the reason given in OpusAudioEncoder; Concentus marks
    // the constructor obsolete only to steer callers to that factory.
#pragma warning disable CS0618
    private readonly OpusDecoder _decoder = new(AudioFormat.SampleRate, AudioFormat.Channels);
#pragma warning restore CS0618

    public byte PayloadType => AudioCodecs.OpusPayloadType;

    /// <summary>Payloads the decoder could not read and concealed instead.</summary>
    public long InvalidPayloads { get; private set; }

    public int SamplesIn(ReadOnlySpan<byte> payload) => OpusPacket.TryGetSamples(payload, out var samples) ? samples : 0;

    public void Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        CheckFrame(pcm);
        if (payload.IsEmpty)
        {
            Conceal(pcm);
            return;
        }

        Run(payload, pcm, decodeFec: false);
    }

    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> pcm)
    {
        CheckFrame(pcm);
        if (nextPayload.IsEmpty)
        {
            Conceal(pcm);
            return;
        }

        // With decode_fec the decoder rebuilds the frame before nextPayload from its LBRR data, or falls back to
        // PLC itself when the packet carries none (RFC 6716 §4.2.4). nextPayload is decoded again normally later.
        Run(nextPayload, pcm, decodeFec: true);
    }

    public void Dispose()
    {
        // The managed decoder holds only managed memory.
    }

    private void Run(ReadOnlySpan<byte> payload, Span<short> pcm, bool decodeFec)
    {
        int decoded;
        try
        {
            decoded = _decoder.Decode(payload, pcm, pcm.Length, decodeFec);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A peer's bytes must never stop playback: an unreadable payload is played as a lost one. Concentus
            // reports malformed packets with OpusException, but any failure of a C port fed hostile bytes counts.
            InvalidPayloads++;
            Conceal(pcm);
            return;
        }

        if (decoded < pcm.Length)
        {
            // A packet shorter than the time it was given (the playout asks for what SamplesIn said): the rest is silence.
            pcm[Math.Max(decoded, 0)..].Clear();
        }
    }

    private void Conceal(Span<short> pcm)
    {
        try
        {
            _decoder.Decode(ReadOnlySpan<byte>.Empty, pcm, pcm.Length, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            pcm.Clear();
        }
    }

    private static void CheckFrame(Span<short> pcm) => OpusPacket.CheckDuration(pcm.Length, nameof(pcm));
}
