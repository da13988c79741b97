using Sala.Protocol.Rtcp;

namespace Sala.Calls.Media;

/// <summary>
/// RTCP for one call (RFC 3550 §6), multiplexed on the call's port (RFC 5761): the audio loop records each played
/// packet and, every <see cref="Interval"/>, writes a sender report with a block about the peer's stream; the
/// receive thread hands over the peer's reports, which give the round-trip time and the peer's view of our stream.
/// Only the two small hand-overs between the threads take a lock, a few times a second at most.
/// </summary>
internal sealed class RtcpReporter(uint ssrc, string canonicalName, TimeProvider time)
{
    /// <summary>
    /// Two participants and a 24 kbit/s stream: one compact report every 2 s stays well inside the 5 % of session
    /// bandwidth RFC 3550 §6.2 allots to RTCP, and keeps the panel's round trip fresh.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public const int MaxReportBytes = 256;

    private readonly DateTimeOffset _startUtc = time.GetUtcNow();
    private readonly Lock _gate = new();
    private ReceptionStatistics? _reception;
    private (NtpTimestamp Ntp, TimeSpan Arrival)? _pendingSenderReport;
    private RtcpFigures _figures;
    private TimeSpan _roundTripSum;
    private int _roundTrips;
    private TimeSpan _nextReport = Interval;

    public RtcpFigures Figures
    {
        get
        {
            lock (_gate)
                return _figures;
        }
    }

    /// <summary>Audio loop: a packet of the peer's stream, after it was verified.</summary>
    public void OnRtp(uint peerSsrc, ushort sequence, uint rtpTimestamp, TimeSpan arrival)
    {
        if (_reception?.Ssrc != peerSsrc)
            _reception = new ReceptionStatistics(peerSsrc);
        _reception.RecordPacket(sequence, rtpTimestamp, arrival);
    }

    /// <summary>Audio loop: writes the report when one is due; 0 when not.</summary>
    public int WriteReportIfDue(Span<byte> destination, TimeSpan now, uint rtpTimestamp, long packetsSent, long octetsSent)
    {
        if (now < _nextReport)
            return 0;
        _nextReport = now + Interval;
        (NtpTimestamp Ntp, TimeSpan Arrival)? senderReport;
        lock (_gate)
        {
            senderReport = _pendingSenderReport;
            _pendingSenderReport = null;
        }
        if (senderReport is { } sr)
            _reception?.RecordSenderReport(sr.Ntp, sr.Arrival);
        var info = new SenderInfo(NtpNow(now), rtpTimestamp, unchecked((uint)packetsSent), unchecked((uint)octetsSent));
        var report = _reception is not null && _reception.TryCreateReportBlock(now, out var block)
            ? new SenderReport(ssrc, info, block)
            : new SenderReport(ssrc, info);
        return RtcpPacket.WriteCompound(destination, report, canonicalName);
    }

    /// <summary>Receive thread: an RTCP datagram from the peer's address.</summary>
    public void OnRtcp(ReadOnlySpan<byte> datagram, TimeSpan arrival)
    {
        if (!RtcpPacket.TryParse(datagram, out var packet))
            return;
        lock (_gate)
        {
            if (packet.SenderReport is { } sr)
                _pendingSenderReport = (sr.SenderInfo.NtpTimestamp, arrival);
            if (!packet.TryGetReportBlock(ssrc, out var block))
                return;
            var roundTrip = RoundTrip.Compute(NtpNow(arrival), block);
            if (roundTrip is { } rtt)
            {
                _roundTripSum += rtt;
                _roundTrips++;
            }
            _figures = new RtcpFigures(
                roundTrip ?? _figures.RoundTrip,
                _roundTrips == 0 ? null : _roundTripSum / _roundTrips,
                block.FractionLostRatio,
                block.JitterTime(Sala.Protocol.Rtp.RtpPayloadTypes.ClockRate));
        }
    }

    /// <summary>
    /// Wall-clock NTP time from the session's monotonic clock, so reports never jump; the round trip is only right
    /// when the same clock stamps the report sent and the one that comes back, which it does here.
    /// </summary>
    private NtpTimestamp NtpNow(TimeSpan sinceStart) => NtpTimestamp.FromDateTimeOffset(_startUtc + sinceStart);
}
