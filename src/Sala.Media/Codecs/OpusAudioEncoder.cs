using Concentus.Enums;
using Concentus.Structs;

namespace Sala.Media.Codecs;

/// <summary>
/// Opus through the managed Concentus encoder: 48 kHz mono, 20 ms frames, VOIP mode, about 24 kbit/s, with in-band
/// forward error correction tuned for about 10 % loss and, when asked, discontinuous transmission (DTX).
/// </summary>
public sealed class OpusAudioEncoder : IAudioEncoder
{
    public const int DefaultBitrate = 24_000;
    public const int DefaultExpectedLossPercent = 10;

    /// <summary>
    /// With DTX the encoder marks a frame that need not be sent by returning at most this many bytes (the TOC byte, RFC
    /// 6716 §3.1): its own voice detection found nothing worth sending, and the decoder makes comfort noise instead.
    /// </summary>
    public const int MaxDtxPacketBytes = 2;

    // RFC 7587 §4.2 recommends 1275 bytes as the most one frame may take; at 24 kbit/s a frame is about 60 bytes.
    public const int MaxPayloadBytes = 1275;

    // The managed encoder is built directly, never through OpusCodecFactory: the factory silently swaps in a native
    // libopus when it finds one (and may write a library into the app folder). Choosing native is Sala's call.
    private readonly OpusEncoder _encoder;

    /// <param name="bitrate">Target bits per second.</param>
    /// <param name="expectedLossPercent">Loss the in-band FEC is tuned for; 0 turns FEC off.</param>
    /// <param name="dtx">
    /// Discontinuous transmission: in a pause the encoder sends one frame in twenty (400 ms) and <see cref="Encode"/>
    /// returns 0 for the others (RFC 7587 §3.1.3).
    /// </param>
    public OpusAudioEncoder(int bitrate = DefaultBitrate, int expectedLossPercent = DefaultExpectedLossPercent, bool dtx = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitrate, 6_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitrate, 510_000);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLossPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedLossPercent, 100);

        // Concentus marks the constructor obsolete only to steer callers to the factory we avoid on purpose.
#pragma warning disable CS0618
        _encoder = new OpusEncoder(AudioFormat.SampleRate, AudioFormat.Channels, OpusApplication.OPUS_APPLICATION_VOIP)
#pragma warning restore CS0618
        {
            Bitrate = bitrate,
            SignalType = OpusSignal.OPUS_SIGNAL_VOICE,
            // Capped at wideband (8 kHz audio) so the encoder stays in SILK mode: at 24 kbit/s full band it picks
            // hybrid, where this Opus version leaves SILK too few bits to carry FEC (LBRR) at all.
            MaxBandwidth = OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND,
            // The encoder only spends bits on FEC when told to expect loss (RFC 6716 §2.1.7).
            UseInbandFEC = expectedLossPercent > 0,
            PacketLossPercent = expectedLossPercent,
            UseDTX = dtx,
        };
        Dtx = dtx;
    }

    public byte PayloadType => AudioCodecs.OpusPayloadType;

    public string Name => AudioCodecs.OpusName;

    public string Description => $"{AudioCodecs.OpusName} (Concentus)";

    public bool Dtx { get; }

    public int Encode(ReadOnlySpan<short> frame, Span<byte> payload)
    {
        CheckPacketSamples(frame.Length, nameof(frame));
        var written = _encoder.Encode(frame, frame.Length, payload, Math.Min(payload.Length, MaxPayloadBytes));
        return Dtx && written <= MaxDtxPacketBytes ? 0 : written;
    }

    /// <summary>Throws unless <paramref name="samples"/> is a packet Sala sends: 10, 20, 40 or 60 ms (one Opus frame).</summary>
    internal static void CheckPacketSamples(int samples, string parameter)
    {
        if (samples is not (480 or 960 or 1920 or 2880))
            throw new ArgumentException($"An Opus packet Sala sends holds 10, 20, 40 or 60 ms (480, 960, 1920 or 2880 samples), not {samples}.", parameter);
    }

    public void Dispose()
    {
        // The managed encoder holds only managed memory.
    }
}
