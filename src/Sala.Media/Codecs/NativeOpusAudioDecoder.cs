namespace Sala.Media.Codecs;

/// <summary>
/// Opus through the system's libopus; behaves as <see cref="OpusAudioDecoder"/> does (FEC from the next packet, else
/// PLC; unreadable payloads concealed and counted) and allocates nothing per frame.
/// </summary>
public sealed class NativeOpusAudioDecoder : IAudioDecoder
{
    private readonly LibOpus _opus;
    private nint _state;

    /// <exception cref="InvalidOperationException">libopus is not available (see <see cref="AudioCodecs.NativeOpusVersion"/>).</exception>
    public NativeOpusAudioDecoder()
    {
        _opus = LibOpus.Instance ?? throw new InvalidOperationException("libopus is not installed.");
        _state = _opus.CreateDecoder(AudioFormat.SampleRate, AudioFormat.Channels);
    }

    ~NativeOpusAudioDecoder() => Free();

    public byte PayloadType => AudioCodecs.OpusPayloadType;

    /// <summary>Payloads the decoder could not read and concealed instead (garbage or a packet longer than 20 ms).</summary>
    public long InvalidPayloads { get; private set; }

    public void Decode(ReadOnlySpan<byte> payload, Span<short> frame) => Run(payload, frame, decodeFec: false);

    // With decode_fec the decoder rebuilds the frame before nextPayload from its LBRR data, or falls back to PLC
    // itself when the packet carries none (RFC 6716 §4.2.4). An empty nextPayload is plain PLC.
    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> frame) => Run(nextPayload, frame, decodeFec: !nextPayload.IsEmpty);

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Run(ReadOnlySpan<byte> payload, Span<short> frame, bool decodeFec)
    {
        if (frame.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException(
                $"An Opus frame must hold {AudioFormat.SamplesPerFrame} samples, not {frame.Length}.", nameof(frame));
        }

        ObjectDisposedException.ThrowIf(_state == 0, this);
        var decoded = _opus.Decode(_state, payload, frame, AudioFormat.SamplesPerFrame, decodeFec);
        if (decoded < 0)
        {
            // A peer's bytes must never stop playback: an unreadable payload (or one longer than the frame, which
            // libopus reports as a buffer too small) is played as a lost one.
            InvalidPayloads++;
            decoded = _opus.Decode(_state, ReadOnlySpan<byte>.Empty, frame, AudioFormat.SamplesPerFrame, decodeFec: false);
        }

        if (decoded < frame.Length)
        {
            // A shorter packet (10 ms from another encoder) still yields a whole frame; the rest is silence.
            frame[Math.Max(decoded, 0)..].Clear();
        }
    }

    private void Free()
    {
        if (_state == 0)
            return;
        _opus.DestroyDecoder(_state);
        _state = 0;
    }
}
