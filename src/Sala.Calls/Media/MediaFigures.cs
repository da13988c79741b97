using Sala.Media.Jitter;

namespace Sala.Calls.Media;

/// <summary>
/// The numbers of <see cref="MediaStatistics"/> as the audio loop publishes them: a struct, copied under a lock, so
/// publishing allocates nothing on the audio thread. The record is built when someone asks for it.
/// </summary>
internal readonly record struct MediaFigures(
    TimeSpan Duration,
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
    long RejectedPackets,
    RtcpFigures Rtcp,
    TimeSpan MeanJitter,
    TimeSpan WorstJitter,
    long SpeakerDriftCorrections,
    long PeerDriftCorrections,
    long FramesNotSent,
    DiscardedPackets Discarded)
{
    public MediaStatistics ToStatistics(string codec) => new(
        Duration, codec, PacketsSent, WireBytesSent, PacketsReceived, WireBytesReceived, ReceiveOverruns,
        MicrophoneLevel, SpeakerLevel, Playout, Devices, Encrypted, RejectedPackets)
    {
        RoundTrip = Rtcp.RoundTrip,
        MeanRoundTrip = Rtcp.MeanRoundTrip,
        PeerLossFraction = Rtcp.PeerLossFraction,
        PeerJitter = Rtcp.PeerJitter,
        MeanJitter = MeanJitter,
        WorstJitter = WorstJitter,
        FramesNotSent = FramesNotSent,
        SpeakerDriftCorrections = SpeakerDriftCorrections,
        PeerDriftCorrections = PeerDriftCorrections,
        Discarded = Discarded with { InvalidPayloads = Discarded.InvalidPayloads + Playout.Rejected },
    };
}
