namespace Sala.Media;

/// <summary>
/// Turns payloads back into audio, and fills the time of packets that never came. A packet plays as long as it says
/// (an Opus packet 2.5 to 120 ms): <see cref="SamplesIn"/> tells how long, and the buffers given to
/// <see cref="Decode"/> and <see cref="Conceal"/> are that long.
/// </summary>
public interface IAudioDecoder : IDisposable
{
    byte PayloadType { get; }

    /// <summary>The samples at 48 kHz <paramref name="payload"/> plays for, or 0 when it cannot be this codec's.</summary>
    int SamplesIn(ReadOnlySpan<byte> payload);

    /// <summary>Decodes a received payload into <paramref name="pcm"/>, as many samples as the payload holds.</summary>
    void Decode(ReadOnlySpan<byte> payload, Span<short> pcm);

    /// <summary>
    /// Fills <paramref name="pcm"/> for a lost packet of that length: from the forward error correction data carried in
    /// the next packet's <paramref name="nextPayload"/> when there is one and the codec has FEC, otherwise by loss
    /// concealment.
    /// </summary>
    void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> pcm);
}
