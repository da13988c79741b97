using System.Buffers.Binary;

namespace Sala.Media.Codecs;

/// <summary>
/// Decodes L16 (RFC 3551 §4.5.11). L16 has no FEC, so a lost frame repeats the last one while fading it out over
/// <see cref="FadeFrames"/> frames, then stays silent: a short gap sounds smoother than a hole, a long one goes quiet.
/// </summary>
public sealed class PcmAudioDecoder : IAudioDecoder
{
    public const int FadeFrames = 2;

    private readonly short[] _last = new short[AudioFormat.SamplesPerFrame];
    private int _concealedInARow;

    public byte PayloadType => AudioCodecs.PcmPayloadType;

    public void Decode(ReadOnlySpan<byte> payload, Span<short> frame)
    {
        CheckFrame(frame);

        // A short payload is padded with silence and a long one cut: a peer's bytes never stop playback.
        var samples = Math.Min(payload.Length / 2, frame.Length);
        for (var i = 0; i < samples; i++)
        {
            frame[i] = BinaryPrimitives.ReadInt16BigEndian(payload[(i * 2)..]);
        }

        frame[samples..].Clear();
        frame.CopyTo(_last);
        _concealedInARow = 0;
    }

    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame)
    {
        CheckFrame(frame);
        if (_concealedInARow >= FadeFrames)
        {
            frame.Clear();
            return;
        }

        // The gain falls linearly across the whole fade, continuing from where the previous concealed frame ended.
        double total = FadeFrames * frame.Length;
        var start = _concealedInARow * frame.Length;
        for (var i = 0; i < frame.Length; i++)
        {
            var gain = 1.0 - ((start + i + 1) / total);
            frame[i] = (short)Math.Round(_last[i] * gain);
        }

        _concealedInARow++;
    }

    public void Dispose()
    {
        // Nothing held.
    }

    private static void CheckFrame(Span<short> frame)
    {
        if (frame.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException(
                $"A frame must hold {AudioFormat.SamplesPerFrame} samples, not {frame.Length}.", nameof(frame));
        }
    }
}
