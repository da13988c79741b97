using Sala.Media;
using Sala.Media.Codecs;

namespace Sala.Benchmarks.Micro;

/// <summary>A decoder that writes a faint constant, so a playout benchmark measures the playout, not a codec.</summary>
internal sealed class NullDecoder : IAudioDecoder
{
    public byte PayloadType => AudioCodecs.OpusPayloadType;

    public int SamplesIn(ReadOnlySpan<byte> payload) => AudioFormat.SamplesPerFrame;

    public void Decode(ReadOnlySpan<byte> payload, Span<short> frame) => frame.Fill(1);

    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame) => frame.Fill(1);

    public void Dispose()
    {
    }
}
