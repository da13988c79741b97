using Sala.Media;
using Sala.Media.Jitter;

namespace Sala.Calls.Media;

/// <summary>The figures of one call's media, as of a moment.</summary>
public sealed record MediaStatistics(
    TimeSpan Duration,
    string Codec,
    long PacketsSent,
    long WireBytesSent,
    long PacketsReceived,
    long WireBytesReceived,
    long ReceiveOverruns,
    double MicrophoneLevel,
    double SpeakerLevel,
    JitterStatistics Playout,
    DeviceGlitches Devices,
    bool Encrypted,
    long RejectedPackets)
{
    /// <summary>IPv4 (20) + UDP (8) bytes around every RTP packet, counted in the bytes on the wire.</summary>
    public const int IpUdpOverhead = 28;

    /// <summary>The round-trip time from the peer's last receiver report (RFC 3550 §6.4.1); null until one came.</summary>
    public TimeSpan? RoundTrip { get; init; }

    /// <summary>The share of this side's packets the peer reported lost since its previous report (RTCP).</summary>
    public double? PeerLossFraction { get; init; }

    /// <summary>The interarrival jitter the peer measured on this side's packets (RTCP).</summary>
    public TimeSpan? PeerJitter { get; init; }

    /// <summary>The mean of the round trips the peer's reports gave during the call.</summary>
    public TimeSpan? MeanRoundTrip { get; init; }

    /// <summary>The jitter of the peer's stream, averaged over the call (sampled five times a second).</summary>
    public TimeSpan MeanJitter { get; init; }

    public TimeSpan WorstJitter { get; init; }

    /// <summary>What cleans the microphone (echo cancellation with its ERLE, noise suppression); null when nothing does.</summary>
    public string? VoiceProcessing { get; init; }

    /// <summary>What paces the call's frames: "the microphone's clock" with a sound card, else "the system clock".</summary>
    public string PacedBy { get; init; } = "the system clock";

    /// <summary>
    /// Frames stretched or squeezed by a sample to keep a sound card's speaker in step with the clock that paces the
    /// call.
    /// </summary>
    public long SpeakerDriftCorrections { get; init; }

    /// <summary>
    /// Frames played a few samples faster or slower to follow the peer's clock without a skip (besides the frames the
    /// playout drops or adds in pauses: <see cref="JitterStatistics.Dropped"/>, <see cref="JitterStatistics.Stretched"/>).
    /// </summary>
    public long PeerDriftCorrections { get; init; }

    /// <summary>All the frames played a few samples longer or shorter to follow a clock.</summary>
    public long DriftCorrections => SpeakerDriftCorrections + PeerDriftCorrections;

    /// <summary>
    /// Frames (of 20 ms, whatever the call's frame) of this side's pauses that were not sent at all (Opus DTX, RFC 7587
    /// §3.1.3): the peer plays comfort noise for them, and neither side counts them lost.
    /// </summary>
    public long FramesNotSent { get; init; }

    /// <summary>The length of the call's audio frames, in ms: 20, or 10 when either side asked for 10 ms packets.</summary>
    public int FrameMilliseconds { get; init; } = AudioFormat.FrameMilliseconds;

    /// <summary>
    /// What came from the peer's address and was not played or believed: invalid payloads (the playout's rejects of
    /// unknown payload types included), packets of a source on probation, unknown packets, rejected reports, and the
    /// feedback read but not acted on.
    /// </summary>
    public DiscardedPackets Discarded { get; init; }

    /// <summary>Frames of comfort noise played over the peer's pauses (its DTX), apart from any loss.</summary>
    public long ComfortNoise => Playout.ComfortNoise;

    /// <summary>Packets the peer sent that never played: given up as lost (RFC 3550 §6.4.1 cumulative loss).</summary>
    public long Lost => Playout.Lost;

    public long Concealed => Playout.ConcealedFec + Playout.ConcealedPlc;

    public double LossFraction => Playout.Lost + Playout.Received == 0 ? 0 : (double)Playout.Lost / (Playout.Lost + Playout.Received);

    public double SendBitsPerSecond => Duration <= TimeSpan.Zero ? 0 : WireBytesSent * 8 / Duration.TotalSeconds;

    public double ReceiveBitsPerSecond => Duration <= TimeSpan.Zero ? 0 : WireBytesReceived * 8 / Duration.TotalSeconds;
}
