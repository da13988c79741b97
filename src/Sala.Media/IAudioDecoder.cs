namespace Sala.Media;

/// <summary>Turns payloads back into 20 ms frames, and fills frames whose packet never came.</summary>
public interface IAudioDecoder : IDisposable
{
    byte PayloadType { get; }

    /// <summary>Decodes a received payload into a whole frame.</summary>
    void Decode(ReadOnlySpan<byte> payload, Span<short> frame);

    /// <summary>
    /// Fills the frame of a lost packet: from the forward error correction data carried in the next packet's
    /// <paramref name="nextPayload"/> when there is one and the codec has FEC, otherwise by loss concealment.
    /// </summary>
    void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame);
}
