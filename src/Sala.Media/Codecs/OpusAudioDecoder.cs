using Concentus.Structs;

namespace Sala.Media.Codecs;

/// <summary>
/// Opus through the managed Concentus decoder. A lost frame is rebuilt from the FEC copy carried by the next packet
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

    /// <summary>Payloads the decoder could not read and concealed instead (garbage or a packet longer than 20 ms).</summary>
    public long InvalidPayloads { get; private set; }

    public void Decode(ReadOnlySpan<byte> payload, Span<short> frame)
    {
        CheckFrame(frame);
        if (payload.IsEmpty)
        {
            Conceal(frame);
            return;
        }

        Run(payload, frame, decodeFec: false);
    }

    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame)
    {
        CheckFrame(frame);
        if (nextPayload.IsEmpty)
        {
            Conceal(frame);
            return;
        }

        // With decode_fec the decoder rebuilds the frame before nextPayload from its LBRR data, or falls back to
        // PLC itself when the packet carries none (RFC 6716 §4.2.4). nextPayload is decoded again normally later.
        Run(nextPayload, frame, decodeFec: true);
    }

    public void Dispose()
    {
        // The managed decoder holds only managed memory.
    }

    private void Run(ReadOnlySpan<byte> payload, Span<short> frame, bool decodeFec)
    {
        int decoded;
        try
        {
            decoded = _decoder.Decode(payload, frame, AudioFormat.SamplesPerFrame, decodeFec);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A peer's bytes must never stop playback: an unreadable payload is played as a lost one. Concentus
            // reports malformed packets with OpusException, but any failure of a C port fed hostile bytes counts.
            InvalidPayloads++;
            Conceal(frame);
            return;
        }

        if (decoded < frame.Length)
        {
            // A shorter packet (10 ms from another encoder) still yields a whole frame; the rest is silence.
            frame[Math.Max(decoded, 0)..].Clear();
        }
    }

    private void Conceal(Span<short> frame)
    {
        try
        {
            _decoder.Decode(ReadOnlySpan<byte>.Empty, frame, AudioFormat.SamplesPerFrame, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            frame.Clear();
        }
    }

    private static void CheckFrame(Span<short> frame)
    {
        if (frame.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException(
                $"An Opus frame must hold {AudioFormat.SamplesPerFrame} samples, not {frame.Length}.", nameof(frame));
        }
    }
}
