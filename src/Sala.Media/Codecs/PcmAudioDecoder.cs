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

    /// <summary>A 20 ms frame, the only length Sala sends or plays L16 in (<see cref="PayloadFit"/>).</summary>
    public int SamplesIn(ReadOnlySpan<byte> payload) => payload.Length == PayloadFit.PcmFrameBytes ? AudioFormat.SamplesPerFrame : 0;

    public void Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        CheckFrame(pcm);

        // A short payload is padded with silence and a long one cut: a peer's bytes never stop playback.
        var samples = Math.Min(payload.Length / 2, pcm.Length);
        for (var i = 0; i < samples; i++)
        {
            pcm[i] = BinaryPrimitives.ReadInt16BigEndian(payload[(i * 2)..]);
        }

        pcm[samples..].Clear();
        pcm.CopyTo(_last);
        _concealedInARow = 0;
    }

    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> pcm)
    {
        CheckFrame(pcm);
        if (_concealedInARow >= FadeFrames)
        {
            pcm.Clear();
            return;
        }

        // The gain falls linearly across the whole fade, continuing from where the previous concealed frame ended.
        double total = FadeFrames * pcm.Length;
        var start = _concealedInARow * pcm.Length;
        for (var i = 0; i < pcm.Length; i++)
        {
            var gain = 1.0 - ((start + i + 1) / total);
            pcm[i] = (short)Math.Round(_last[i] * gain);
        }

        _concealedInARow++;
    }

    public void Dispose()
    {
        // Nothing held.
    }

    private static void CheckFrame(Span<short> pcm)
    {
        if (pcm.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException(
                $"A pcm must hold {AudioFormat.SamplesPerFrame} samples, not {pcm.Length}.", nameof(pcm));
        }
    }
}
