namespace Sala.Media.Tests.Jitter;

/// <summary>A decoder that allocates nothing, so an allocation test measures only the playout.</summary>
internal sealed class NullDecoder : IAudioDecoder
{
    public byte PayloadType => TestDecoder.DefaultPayloadType;

    public int SamplesIn(ReadOnlySpan<byte> payload) => AudioFormat.SamplesPerFrame;

    public void Decode(ReadOnlySpan<byte> payload, Span<short> frame) => frame.Fill(payload.IsEmpty ? (short)0 : payload[0]);

    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame) => frame.Clear();

    public void Dispose()
    {
    }
}
