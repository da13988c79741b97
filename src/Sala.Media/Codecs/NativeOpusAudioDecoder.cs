namespace Sala.Media.Codecs;

/// <summary>
/// Opus through the system's libopus; behaves as <see cref="OpusAudioDecoder"/> does (any packet length; FEC from the next packet, else
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

    /// <summary>Payloads the decoder could not read and concealed instead.</summary>
    public long InvalidPayloads { get; private set; }

    public int SamplesIn(ReadOnlySpan<byte> payload) => OpusPacket.TryGetSamples(payload, out var samples) ? samples : 0;

    public void Decode(ReadOnlySpan<byte> payload, Span<short> pcm) => Run(payload, pcm, decodeFec: false);

    // With decode_fec the decoder rebuilds the frame before nextPayload from its LBRR data, or falls back to PLC
    // itself when the packet carries none (RFC 6716 §4.2.4). An empty nextPayload is plain PLC.
    public void Conceal(ReadOnlySpan<byte> nextPayload, Span<short> pcm) => Run(nextPayload, pcm, decodeFec: !nextPayload.IsEmpty);

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Run(ReadOnlySpan<byte> payload, Span<short> pcm, bool decodeFec)
    {
        OpusPacket.CheckDuration(pcm.Length, nameof(pcm));

        ObjectDisposedException.ThrowIf(_state == 0, this);
        var decoded = _opus.Decode(_state, payload, pcm, pcm.Length, decodeFec);
        if (decoded < 0)
        {
            // A peer's bytes must never stop playback: an unreadable payload (or one longer than the time given, which
            // libopus reports as a buffer too small) is played as a lost one.
            InvalidPayloads++;
            decoded = _opus.Decode(_state, ReadOnlySpan<byte>.Empty, pcm, pcm.Length, decodeFec: false);
        }

        if (decoded < pcm.Length)
        {
            // A packet shorter than the time it was given (the playout asks for what SamplesIn said): the rest is silence.
            pcm[Math.Max(decoded, 0)..].Clear();
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
