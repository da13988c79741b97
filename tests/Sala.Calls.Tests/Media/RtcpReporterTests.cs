using Sala.Calls.Media;
using Sala.Protocol.Rtcp;

namespace Sala.Calls.Tests.Media;

/// <summary>The reporter alone, on a clock the test holds: when reports go, what they say, what the peer's tell us.</summary>
public sealed class RtcpReporterTests
{
    private const uint Ours = 0x1111_1111;
    private const uint Theirs = 0x2222_2222;
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    private TimeSpan _now;

    private RtcpReporter Reporter(int seed = 1) => new(Ours, "alice@sala", Start, () => _now, new Random(seed));

    /// <summary>Runs frames of 20 ms for <paramref name="duration"/>; returns the times reports were written.</summary>
    private List<TimeSpan> Run(RtcpReporter reporter, TimeSpan duration)
    {
        var sent = new List<TimeSpan>();
        var buffer = new byte[RtcpReporter.MaxReportBytes];
        for (_now = Frame; _now <= duration; _now += Frame)
        {
            if (reporter.WriteReportIfDue(buffer, _now, 0, 1, 100) > 0)
                sent.Add(_now);
        }
        return sent;
    }

    [Fact]
    public void Reports_come_at_intervals_spread_from_half_to_one_and_a_half_times_two_seconds()
    {
        var sent = Run(Reporter(), TimeSpan.FromMinutes(10));
        var intervals = sent.Zip(sent.Skip(1), (a, b) => b - a).ToList();

        // The first after half an interval, spread the same way (RFC 3550 §6.2, §6.3.1).
        Assert.InRange(sent[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5) + Frame);
        Assert.All(intervals, i => Assert.InRange(i, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3) + Frame));
        Assert.True(intervals.Distinct().Count() > 20, "the intervals are not spread");
        Assert.True(intervals.Min() < TimeSpan.FromSeconds(1.3) && intervals.Max() > TimeSpan.FromSeconds(2.7),
            $"spread only from {intervals.Min()} to {intervals.Max()}");
        var mean = intervals.Average(i => i.TotalSeconds);
        Assert.InRange(mean, 1.85, 2.15);
    }

    [Fact]
    public void The_same_seed_spreads_the_reports_the_same_way()
    {
        Assert.Equal(Run(Reporter(seed: 9), TimeSpan.FromMinutes(1)), Run(Reporter(seed: 9), TimeSpan.FromMinutes(1)));
        Assert.NotEqual(Run(Reporter(seed: 9), TimeSpan.FromMinutes(1)), Run(Reporter(seed: 10), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_sender_report_gives_the_ntp_and_rtp_time_of_the_instant_it_is_written()
    {
        var reporter = Reporter();
        var buffer = new byte[RtcpReporter.MaxReportBytes];
        var frameTime = TimeSpan.FromSeconds(3);
        const uint frameTimestamp = 4_000_000_000;
        // The report is written 7 ms after the frame's time (encoding, a slow loop): both timestamps say so.
        _now = frameTime + TimeSpan.FromMilliseconds(7);

        var length = reporter.WriteReportIfDue(buffer, frameTime, frameTimestamp, packetsSent: 150, octetsSent: 9000);

        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        var info = packet.SenderReport!.SenderInfo;
        Assert.Equal(NtpTimestamp.FromDateTimeOffset(Start + _now), info.NtpTimestamp);
        Assert.Equal(frameTimestamp + 7 * 48, info.RtpTimestamp);
        Assert.Equal(150u, info.PacketCount);
        Assert.Equal(9000u, info.OctetCount);
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(20, 960u)]
    [InlineData(-20, uint.MaxValue - 959)]
    public void The_rtp_clock_runs_at_48_khz_from_the_frame_and_wraps(int milliseconds, uint expected) =>
        Assert.Equal(expected, RtcpReporter.RtpTimestampAt(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void A_side_that_has_sent_nothing_reports_as_a_receiver_and_a_goodbye_carries_a_bye()
    {
        var reporter = Reporter();
        var buffer = new byte[RtcpReporter.MaxReportBytes];
        _now = TimeSpan.FromSeconds(5);

        var length = reporter.WriteGoodbye(buffer, _now, 0, packetsSent: 0, octetsSent: 0);

        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Null(packet.SenderReport);
        Assert.NotNull(packet.ReceiverReport);
        Assert.True(packet.HasGoodbye);
    }

    [Fact]
    public void The_peers_block_about_our_stream_gives_the_round_trip_loss_and_jitter()
    {
        var reporter = Reporter();
        var buffer = new byte[RtcpReporter.MaxReportBytes];
        _now = TimeSpan.FromSeconds(1);
        var length = reporter.WriteGoodbye(buffer, _now, 0, 10, 1000);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var ours));
        var lsr = ours.SenderReport!.SenderInfo.NtpTimestamp.Middle32;

        // The peer held our SR for 0.5 s; its report arrives 0.7 s after ours left: 200 ms round trip.
        var block = new ReportBlock(Ours, 64, 3, 100, 480, lsr, NtpTimestamp.ToShortFormat(TimeSpan.FromSeconds(0.5)));
        var theirs = new ReceiverReport(Theirs, block);
        var bytes = new byte[RtcpPacket.GetCompoundLength(theirs, "bob@sala")];
        RtcpPacket.WriteCompound(bytes, theirs, "bob@sala");
        reporter.OnRtcp(bytes, TimeSpan.FromSeconds(1.7));

        var figures = reporter.Figures;
        Assert.InRange(figures.RoundTrip!.Value.TotalMilliseconds, 199.9, 200.1);
        Assert.Equal(0.25, figures.PeerLossFraction);
        Assert.Equal(TimeSpan.FromMilliseconds(10), figures.PeerJitter);
    }

    [Fact]
    public void Feedback_is_counted_garbage_is_counted_and_neither_changes_the_figures()
    {
        var reporter = Reporter();
        byte[] pli = [0x81, 0xCE, 0x00, 0x02, 0x22, 0x22, 0x22, 0x22, 0x11, 0x11, 0x11, 0x11];
        byte[] garbage = [0x80, 0xC8, 0x00, 0x09, 1, 2, 3];

        reporter.OnRtcp(pli, TimeSpan.FromSeconds(1));
        reporter.OnRtcp(pli, TimeSpan.FromSeconds(1));
        reporter.OnRtcp(garbage, TimeSpan.FromSeconds(1));

        Assert.Equal(2, reporter.FeedbackPackets);
        Assert.Equal(1, reporter.InvalidPackets);
        Assert.Equal(default, reporter.Figures);
    }
}
