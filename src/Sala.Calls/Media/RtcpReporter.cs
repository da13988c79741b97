using Sala.Protocol.Rtcp;
using Sala.Protocol.Rtp;

namespace Sala.Calls.Media;

/// <summary>
/// RTCP for one call (RFC 3550 §6), multiplexed on the call's port (RFC 5761): the audio loop records each played
/// packet and, at intervals of 0.5 to 1.5 times <see cref="Interval"/> (§6.3.1), writes a sender report with a block
/// about the peer's stream, and a last one with a BYE when the call ends; the receive thread hands over the peer's
/// reports, which give the round-trip time and the peer's view of our stream, and its feedback, which is counted and
/// not acted on. Only the small hand-overs between the threads take a lock, a few times a second at most.
/// </summary>
internal sealed class RtcpReporter
{
    /// <summary>
    /// Two participants and a 24 kbit/s stream: one compact report every 2 s on average stays well inside the 5 % of
    /// session bandwidth RFC 3550 §6.2 allots to RTCP, and keeps the panel's round trip fresh.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Room for the largest report Sala writes (an SR with a block, a 133-byte CNAME, a BYE) and SRTCP's 20.</summary>
    public const int MaxReportBytes = 512;

    private readonly uint _ssrc;
    private readonly string _canonicalName;
    private readonly DateTimeOffset _startUtc;
    private readonly Func<TimeSpan> _clock;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private ReceptionStatistics? _reception;
    private (NtpTimestamp Ntp, TimeSpan Arrival)? _pendingSenderReport;
    private RtcpFigures _figures;
    private TimeSpan _roundTripSum;
    private int _roundTrips;
    private TimeSpan _nextReport;
    private long _feedbackPackets;
    private long _invalidPackets;

    /// <param name="ssrc">Our stream's SSRC.</param>
    /// <param name="canonicalName">The CNAME our reports carry.</param>
    /// <param name="startUtc">The wall-clock time when <paramref name="clock"/> read zero.</param>
    /// <param name="clock">The session's monotonic clock, read at the instant each report is written.</param>
    /// <param name="random">Spreads the intervals; a seeded one in tests.</param>
    public RtcpReporter(uint ssrc, string canonicalName, DateTimeOffset startUtc, Func<TimeSpan> clock, Random? random = null)
    {
        _ssrc = ssrc;
        _canonicalName = canonicalName;
        _startUtc = startUtc;
        _clock = clock;
        _random = random ?? new Random();
        ScheduleFirstReport(TimeSpan.Zero);
    }

    public RtcpFigures Figures
    {
        get
        {
            lock (_gate)
                return _figures;
        }
    }

    /// <summary>Feedback (RFC 4585) and extended report (RFC 3611) packets received: read, counted, not acted on.</summary>
    public long FeedbackPackets => Interlocked.Read(ref _feedbackPackets);

    /// <summary>RTCP datagrams that did not parse as RTCP (RFC 3550 A.2's checks).</summary>
    public long InvalidPackets => Interlocked.Read(ref _invalidPackets);

    /// <summary>When the next report is due, on the session's clock.</summary>
    public TimeSpan NextReport => _nextReport;

    /// <summary>
    /// Audio loop: this side starts sending at <paramref name="now"/> (a callee after the go-ahead). The first report
    /// comes after half an interval (RFC 3550 §6.2), spread like the others.
    /// </summary>
    public void ScheduleFirstReport(TimeSpan now) => _nextReport = now + Spread(Interval / 2);

    /// <summary>Audio loop: a packet of the peer's stream, after it was verified.</summary>
    public void OnRtp(uint peerSsrc, ushort sequence, uint rtpTimestamp, TimeSpan arrival)
    {
        if (_reception?.Ssrc != peerSsrc)
            _reception = new ReceptionStatistics(peerSsrc);
        _reception.RecordPacket(sequence, rtpTimestamp, arrival);
    }

    /// <summary>
    /// Audio loop, once a frame: writes the report when one is due, else returns 0. <paramref name="frameTimestamp"/>
    /// is the RTP timestamp of the frame of <paramref name="frameTime"/>, which anchors the RTP clock to the session's.
    /// </summary>
    public int WriteReportIfDue(Span<byte> destination, TimeSpan frameTime, uint frameTimestamp, long packetsSent, long octetsSent)
    {
        if (frameTime < _nextReport)
            return 0;
        _nextReport = frameTime + Spread(Interval);
        return WriteReport(destination, frameTime, frameTimestamp, packetsSent, octetsSent, goodbye: false);
    }

    /// <summary>The last report, with a BYE (RFC 3550 §6.6): written when the call ends.</summary>
    public int WriteGoodbye(Span<byte> destination, TimeSpan frameTime, uint frameTimestamp, long packetsSent, long octetsSent) =>
        WriteReport(destination, frameTime, frameTimestamp, packetsSent, octetsSent, goodbye: true);

    /// <summary>
    /// Receive thread: an RTCP datagram from the peer's address (already verified in an encrypted call). A report
    /// updates the figures; feedback is counted; anything that does not parse is counted as invalid.
    /// </summary>
    public void OnRtcp(ReadOnlySpan<byte> datagram, TimeSpan arrival)
    {
        if (!RtcpPacket.TryParse(datagram, out var packet))
        {
            Interlocked.Increment(ref _invalidPackets);
            return;
        }
        if (!packet.Feedback.IsEmpty)
            Interlocked.Add(ref _feedbackPackets, packet.Feedback.Length);
        if (!packet.HasReport)
            return;
        lock (_gate)
        {
            if (packet.SenderReport is { } sr)
                _pendingSenderReport = (sr.SenderInfo.NtpTimestamp, arrival);
            if (!packet.TryGetReportBlock(_ssrc, out var block))
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
                block.JitterTime(RtpPayloadTypes.ClockRate));
        }
    }

    /// <summary>
    /// The RTP timestamp of <paramref name="instant"/>: the frame of <paramref name="frameTime"/> had
    /// <paramref name="frameTimestamp"/>, and the RTP clock runs at 48 kHz from there (RFC 3550 §6.4.1).
    /// </summary>
    internal static uint RtpTimestampAt(uint frameTimestamp, TimeSpan frameTime, TimeSpan instant)
    {
        var ticks = (instant - frameTime).Ticks;
        var units = ticks * RtpPayloadTypes.ClockRate / TimeSpan.TicksPerSecond;
        return unchecked(frameTimestamp + (uint)units);
    }

    private int WriteReport(Span<byte> destination, TimeSpan frameTime, uint frameTimestamp, long packetsSent, long octetsSent, bool goodbye)
    {
        (NtpTimestamp Ntp, TimeSpan Arrival)? senderReport;
        lock (_gate)
        {
            senderReport = _pendingSenderReport;
            _pendingSenderReport = null;
        }
        if (senderReport is { } sr)
            _reception?.RecordSenderReport(sr.Ntp, sr.Arrival);
        // Read the clock as late as possible: the NTP and RTP timestamps of an SR stand for the same instant, the one
        // it is sent at (RFC 3550 §6.4.1), and DLSR runs up to it.
        var sent = _clock();
        ReportBlock block = default;
        var hasBlock = _reception is not null && _reception.TryCreateReportBlock(sent, out block);
        if (packetsSent == 0)
        {
            // Nothing sent yet: a receiver report (§6.4.2).
            var receiverReport = hasBlock ? new ReceiverReport(_ssrc, block) : new ReceiverReport(_ssrc);
            return RtcpPacket.WriteCompound(destination, receiverReport, _canonicalName, goodbye);
        }
        var info = new SenderInfo(NtpNow(sent), RtpTimestampAt(frameTimestamp, frameTime, sent),
            unchecked((uint)packetsSent), unchecked((uint)octetsSent));
        var report = hasBlock ? new SenderReport(_ssrc, info, block) : new SenderReport(_ssrc, info);
        return RtcpPacket.WriteCompound(destination, report, _canonicalName, goodbye);
    }

    /// <summary>An interval drawn evenly from 0.5 to 1.5 times <paramref name="interval"/> (RFC 3550 §6.3.1).</summary>
    private TimeSpan Spread(TimeSpan interval) => interval * (0.5 + _random.NextDouble());

    /// <summary>
    /// Wall-clock NTP time from the session's monotonic clock, so reports never jump; the round trip is only right
    /// when the same clock stamps the report sent and the one that comes back, which it does here.
    /// </summary>
    private NtpTimestamp NtpNow(TimeSpan sinceStart) => NtpTimestamp.FromDateTimeOffset(_startUtc + sinceStart);
}
