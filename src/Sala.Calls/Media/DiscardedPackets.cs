namespace Sala.Calls.Media;

/// <summary>
/// What arrived from the peer's address and was not played or believed, by reason, so that no dropout is ever
/// reported as "lost 0, concealed 0".
/// </summary>
/// <param name="InvalidPayloads">RTP whose payload cannot be its codec's (an L16 payload that is not a whole frame, an empty Opus packet).</param>
/// <param name="OnProbation">RTP from a new SSRC not (yet) played: stray packets, or a new stream on probation (RFC 3550 A.1).</param>
/// <param name="Unknown">Datagrams that look like RTP or RTCP but do not parse as either.</param>
/// <param name="RejectedReports">RTCP of an encrypted call that failed SRTCP authentication or was a replay: forged, tampered or plain.</param>
/// <param name="Feedback">RTCP feedback and extended reports (RFC 4585, RFC 3611): read and counted, not acted on.</param>
public readonly record struct DiscardedPackets(long InvalidPayloads, long OnProbation, long Unknown, long RejectedReports, long Feedback)
{
    /// <summary>Datagrams of the peer's address thrown away for one of these reasons (the feedback, which was read, apart).</summary>
    public long Total => InvalidPayloads + OnProbation + Unknown + RejectedReports;
}
