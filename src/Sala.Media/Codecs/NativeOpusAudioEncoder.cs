namespace Sala.Media.Codecs;

/// <summary>
/// Opus through the system's libopus, with the settings of <see cref="OpusAudioEncoder"/>: 48 kHz mono, 20 ms frames,
/// VOIP, 24 kbit/s, in-band FEC for 10 % loss, at most wideband, DTX when asked. Encoding allocates nothing: the frame and payload
/// spans are pinned for the call only. Create it through <see cref="AudioCodecs"/>, which knows whether libopus loaded.
/// </summary>
public sealed class NativeOpusAudioEncoder : IAudioEncoder
{
    private readonly LibOpus _opus;
    private nint _state;

    /// <exception cref="InvalidOperationException">libopus is not available (see <see cref="AudioCodecs.NativeOpusVersion"/>).</exception>
    public NativeOpusAudioEncoder(
        int bitrate = OpusAudioEncoder.DefaultBitrate, int expectedLossPercent = OpusAudioEncoder.DefaultExpectedLossPercent, bool dtx = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitrate, 6_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitrate, 510_000);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLossPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedLossPercent, 100);
        _opus = LibOpus.Instance ?? throw new InvalidOperationException("libopus is not installed.");
        _state = _opus.CreateEncoder(AudioFormat.SampleRate, AudioFormat.Channels, LibOpus.ApplicationVoip);
        Description = $"{AudioCodecs.OpusName} ({_opus.Version})";
        Dtx = dtx;
        try
        {
            _opus.SetEncoderOption(_state, LibOpus.SetBitrateRequest, bitrate);
            _opus.SetEncoderOption(_state, LibOpus.SetSignalRequest, LibOpus.SignalVoice);
            // The managed encoder's wideband cap. libopus 1.3.1 does not need it (with FEC on at 24 kbit/s it already
            // stays in SILK wideband: the same packets come out with or without the cap), but it keeps both sides
            // encoding the same way and guards against a libopus that would pick hybrid mode and carry no FEC.
            _opus.SetEncoderOption(_state, LibOpus.SetMaxBandwidthRequest, LibOpus.BandwidthWideband);
            _opus.SetEncoderOption(_state, LibOpus.SetInbandFecRequest, expectedLossPercent > 0 ? 1 : 0);
            _opus.SetEncoderOption(_state, LibOpus.SetPacketLossPercentRequest, expectedLossPercent);
            // Concentus runs at complexity 10; libopus 1.3 defaults to 9. Equal settings make the two comparable.
            _opus.SetEncoderOption(_state, LibOpus.SetComplexityRequest, 10);
            _opus.SetEncoderOption(_state, LibOpus.SetDtxRequest, dtx ? 1 : 0);
        }
        catch
        {
            _opus.DestroyEncoder(_state);
            throw;
        }
    }

    ~NativeOpusAudioEncoder() => Free();

    public byte PayloadType => AudioCodecs.OpusPayloadType;

    public string Name => AudioCodecs.OpusName;

    public string Description { get; }

    public bool Dtx { get; }

    public int Encode(ReadOnlySpan<short> frame, Span<byte> payload)
    {
        OpusAudioEncoder.CheckPacketSamples(frame.Length, nameof(frame));
        ObjectDisposedException.ThrowIf(_state == 0, this);
        var written = _opus.Encode(_state, frame, frame.Length, payload[..Math.Min(payload.Length, OpusAudioEncoder.MaxPayloadBytes)]);
        if (written < 0)
            throw new InvalidOperationException($"opus_encode failed ({written}).");
        return Dtx && written <= OpusAudioEncoder.MaxDtxPacketBytes ? 0 : written;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_state == 0)
            return;
        _opus.DestroyEncoder(_state);
        _state = 0;
    }
}
