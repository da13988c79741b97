using Sala.Protocol.Rtcp;

namespace Sala.Protocol.Tests.Rtcp;

/// <summary>
/// Expected values follow RFC 3550 A.1 and A.3 by hand. A new source is on probation: the first packet only starts
/// it, so the base sequence (and the count of received packets) starts at the second packet in sequence.
/// </summary>
public sealed class ReceptionStatisticsTests
{
    private const uint Source = 0x5A1A5A1A;
    private const uint FrameUnits = 960; // 20 ms at 48 kHz

    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void FirstPacket_StartsProbation_AndTheSecondInSequenceValidatesTheSource()
    {
        var stats = new ReceptionStatistics(Source);
        Assert.False(stats.RecordPacket(100, 0, TimeSpan.Zero));
        Assert.False(stats.IsValid);
        Assert.False(stats.TryCreateReportBlock(TimeSpan.Zero, out _));
        Assert.True(stats.RecordPacket(101, FrameUnits, Frame));
        Assert.True(stats.IsValid);
        Assert.Equal(1, stats.PacketsReceived);
    }

    [Fact]
    public void ProbationRestarts_WhenTheSecondPacketIsNotNext()
    {
        var stats = new ReceptionStatistics(Source);
        Assert.False(stats.RecordPacket(5, 0, TimeSpan.Zero));
        Assert.False(stats.RecordPacket(7, 0, TimeSpan.Zero));
        Assert.True(stats.RecordPacket(8, 0, TimeSpan.Zero));
        Feed(stats, 9, 10);
        var block = Report(stats);
        Assert.Equal(10u, block.ExtendedHighestSequence);
        Assert.Equal(0, block.CumulativeLost); // 8, 9, 10 expected and received
    }

    [Fact]
    public void InOrderStream_ReportsNoLoss()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 100, 149);
        var block = Report(stats);
        Assert.Equal(Source, block.Ssrc);
        Assert.Equal(149u, block.ExtendedHighestSequence);
        Assert.Equal((byte)0, block.FractionLost);
        Assert.Equal(0, block.CumulativeLost);
        Assert.Equal(49, stats.PacketsReceived);
    }

    [Fact]
    public void Loss_GivesTheFractionOfTheIntervalAndTheCumulativeCount()
    {
        var stats = new ReceptionStatistics(Source);
        // Interval 1: 1000..1099 without 1010, 1020, ..., 1090 (9 lost); expected 1001..1099 = 99.
        Feed(stats, 1000, 1099, skip: s => s % 10 == 0 && s != 1000);
        var first = Report(stats);
        Assert.Equal(9, first.CumulativeLost);
        Assert.Equal((byte)(9 * 256 / 99), first.FractionLost); // 23
        // Interval 2: 1100..1199, only the odd ones: 100 expected, 50 received.
        Feed(stats, 1100, 1199, skip: s => s % 2 == 0);
        var second = Report(stats);
        Assert.Equal((byte)128, second.FractionLost);
        Assert.Equal(59, second.CumulativeLost);
        Assert.Equal(1199u, second.ExtendedHighestSequence);
        // Interval 3: all arrive; the fraction is of this interval only.
        Feed(stats, 1200, 1299);
        var third = Report(stats);
        Assert.Equal((byte)0, third.FractionLost);
        Assert.Equal(59, third.CumulativeLost);
    }

    [Fact]
    public void ReorderedPackets_AreCounted_AndLeaveTheHighestSequence()
    {
        var stats = new ReceptionStatistics(Source);
        foreach (var seq in new ushort[] { 1, 2, 3, 5, 4, 6, 9, 7, 8 })
            stats.RecordPacket(seq, 0, TimeSpan.Zero);
        var block = Report(stats);
        Assert.Equal(9u, block.ExtendedHighestSequence);
        Assert.Equal(0, block.CumulativeLost);
        Assert.Equal((byte)0, block.FractionLost);
    }

    [Fact]
    public void LateLossThenArrival_ReducesTheLossInTheNextInterval()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 1, 10, skip: s => s == 5);
        Assert.Equal(1, Report(stats).CumulativeLost);
        // 5 arrives late, after the report, with 11.
        stats.RecordPacket(5, 0, TimeSpan.Zero);
        stats.RecordPacket(11, 0, TimeSpan.Zero);
        var block = Report(stats);
        Assert.Equal(0, block.CumulativeLost);
        Assert.Equal((byte)0, block.FractionLost); // one expected, two received: no loss, not negative
    }

    [Fact]
    public void Duplicates_AreCounted_SoCumulativeLossGoesNegative()
    {
        var stats = new ReceptionStatistics(Source);
        foreach (var seq in new ushort[] { 1, 2, 3, 3, 3, 4 })
            stats.RecordPacket(seq, 0, TimeSpan.Zero);
        var block = Report(stats);
        Assert.Equal(4u, block.ExtendedHighestSequence);
        Assert.Equal(-2, block.CumulativeLost); // expected 2..4 = 3, received 5
        Assert.Equal((byte)0, block.FractionLost);
        Assert.Equal(5, stats.PacketsReceived);
    }

    [Fact]
    public void SequenceWrap_CountsACycleInTheExtendedHighestSequence()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 65530, 65535 + 10, skip: s => s is 65535 or 65536);
        var block = Report(stats);
        Assert.Equal(0x0001_0009u, block.ExtendedHighestSequence);
        Assert.Equal(2, block.CumulativeLost); // expected 65531..(65536+9) = 15, received 13
        Assert.Equal((byte)(2 * 256 / 15), block.FractionLost);
    }

    [Fact]
    public void ReorderingAcrossTheWrap_DoesNotCountACycleTwice()
    {
        var stats = new ReceptionStatistics(Source);
        foreach (var seq in new ushort[] { 65533, 65534, 0, 65535, 1, 2 })
            stats.RecordPacket(seq, 0, TimeSpan.Zero);
        var block = Report(stats);
        Assert.Equal(0x0001_0002u, block.ExtendedHighestSequence);
        Assert.Equal(0, block.CumulativeLost);
    }

    [Fact]
    public void SeveralWraps_AddACycleEach()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 0, 3 * 65536 + 4);
        Assert.Equal(0x0003_0004u, Report(stats).ExtendedHighestSequence);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void OneLargeJump_IsDropped_AndTheStreamGoesOn()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 10, 20);
        Assert.False(stats.RecordPacket(20_000, 0, TimeSpan.Zero)); // 19 980 ahead: beyond MaxDropout
        Assert.True(stats.RecordPacket(21, 0, TimeSpan.Zero));
        var block = Report(stats);
        Assert.Equal(21u, block.ExtendedHighestSequence);
        Assert.Equal(0, block.CumulativeLost);
    }

    [Fact]
    public void TwoSequentialPacketsAfterALargeJump_RestartTheSource()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 10, 20);
        Report(stats);
        Assert.False(stats.RecordPacket(30_000, 0, TimeSpan.Zero));
        Assert.True(stats.RecordPacket(30_001, 0, TimeSpan.Zero));
        Feed(stats, 30_002, 30_010, skip: s => s == 30_005);
        var block = Report(stats);
        Assert.Equal(30_010u, block.ExtendedHighestSequence);
        Assert.Equal(1, block.CumulativeLost); // counting restarts at 30 001
        Assert.Equal((byte)(256 / 10), block.FractionLost);
    }

    [Fact]
    public void VeryLatePacket_BeyondMaxMisorder_IsDropped_ButOneWithin_IsCounted()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 0, 500);
        var received = stats.PacketsReceived;
        Assert.False(stats.RecordPacket(300, 0, TimeSpan.Zero)); // 200 behind
        Assert.True(stats.RecordPacket(450, 0, TimeSpan.Zero)); // 50 behind: a duplicate or late packet
        Assert.Equal(received + 1, stats.PacketsReceived);
        Assert.Equal(500u, stats.ExtendedHighestSequence);
    }

    [Fact]
    public void NothingReceivedSinceTheLastReport_GivesNoBlock()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 1, 5);
        Report(stats);
        Assert.False(stats.TryCreateReportBlock(TimeSpan.FromSeconds(10), out _));
        stats.RecordPacket(9, 0, TimeSpan.Zero);
        var block = Report(stats);
        Assert.Equal((byte)(3 * 256 / 4), block.FractionLost); // 6, 7, 8 lost of 6..9
    }

    [Fact]
    public void EvenlyPacedStream_HasNoJitter()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 0, 100);
        Assert.Equal(0u, Report(stats).Jitter);
    }

    [Fact]
    public void Jitter_FollowsTheA8EstimatorStepByStep()
    {
        var stats = new ReceptionStatistics(Source);
        var delays = new[] { 0, 0, 0, 10, 0, 0 }; // ms late; 10 ms = 480 timestamp units
        for (var i = 0; i < delays.Length; i++)
            stats.RecordPacket((ushort)i, (uint)(i * FrameUnits), Frame * i + TimeSpan.FromMilliseconds(delays[i]));
        // |D| is 0, 480, 480, 0 from the third packet on (the first is on probation, the second sets the transit).
        // J×16: 0 → 0 → 480 → 480 + 480 − 30 = 930 → 930 − 58 = 872; reported J = 872 / 16 = 54.
        Assert.Equal(54u, stats.Jitter);
        Assert.Equal(54u, Report(stats).Jitter);
        Assert.Equal(TimeSpan.FromMilliseconds(1.125), stats.JitterTime);
    }

    [Fact]
    public void Jitter_ConvergesToTheSwingOfAlternatingDelays()
    {
        var stats = new ReceptionStatistics(Source);
        for (var i = 0; i < 1000; i++)
            stats.RecordPacket((ushort)i, (uint)(i * FrameUnits), Frame * i + TimeSpan.FromMilliseconds(i % 2 * 10));
        Assert.InRange(stats.Jitter, 479u, 480u);
    }

    [Fact]
    public void Jitter_IsUnaffectedByTheRtpTimestampWrapping()
    {
        var stats = new ReceptionStatistics(Source);
        var start = uint.MaxValue - 5 * FrameUnits;
        for (var i = 0; i < 20; i++)
            stats.RecordPacket((ushort)i, unchecked(start + (uint)i * FrameUnits), TimeSpan.FromHours(30) + Frame * i);
        Assert.Equal(0u, stats.Jitter);
    }

    [Fact]
    public void LastSenderReport_IsEchoedWithTheDelaySinceItArrived()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 1, 10);
        var before = Report(stats);
        Assert.Equal((0u, 0u), (before.LastSenderReport, before.DelaySinceLastSenderReport));
        stats.RecordSenderReport(new NtpTimestamp(0x0000_B705_2000_0000), TimeSpan.FromSeconds(10));
        stats.RecordPacket(11, 0, TimeSpan.Zero);
        Assert.True(stats.TryCreateReportBlock(TimeSpan.FromSeconds(15.25), out var block));
        Assert.Equal(0xB705_2000u, block.LastSenderReport);
        Assert.Equal(0x0005_4000u, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void RoundTrip_ThroughAReceiverReport_IsTheNetworkDelayBothWays()
    {
        // Alice sends an SR at 100 s on her clock; it reaches Bob 40 ms later; Bob reports 1.5 s after that; his RR
        // takes 60 ms back. Alice's RTT is 100 ms whatever Bob's clock says.
        var bob = new ReceptionStatistics(Source);
        Feed(bob, 1, 50);
        var sent = NtpTimestamp.FromTimeSpan(TimeSpan.FromSeconds(100));
        var bobClock = TimeSpan.FromSeconds(7);
        bob.RecordSenderReport(sent, bobClock);
        Assert.True(bob.TryCreateReportBlock(bobClock + TimeSpan.FromSeconds(1.5), out var block));
        var arrival = NtpTimestamp.FromTimeSpan(TimeSpan.FromSeconds(100 + 0.04 + 1.5 + 0.06));
        var rtt = RoundTrip.Compute(arrival, block);
        Assert.NotNull(rtt);
        Assert.InRange(rtt.Value.TotalMilliseconds, 99.9, 100.1); // 16.16 units are about 15 µs
    }

    [Fact]
    public void RecordingPackets_AllocatesNothing()
    {
        var stats = new ReceptionStatistics(Source);
        Feed(stats, 0, 10);
        stats.TryCreateReportBlock(TimeSpan.FromSeconds(1), out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 11; i < 5000; i++)
            stats.RecordPacket((ushort)i, (uint)(i * FrameUnits), Frame * i);
        stats.TryCreateReportBlock(TimeSpan.FromSeconds(100), out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Records first..last (as extended numbers, truncated to 16 bits), evenly paced, skipping some.</summary>
    private static void Feed(ReceptionStatistics stats, int first, int last, Func<int, bool>? skip = null)
    {
        for (var s = first; s <= last; s++)
        {
            if (skip?.Invoke(s) != true)
                stats.RecordPacket((ushort)s, (uint)s * FrameUnits, Frame * s);
        }
    }

    private static ReportBlock Report(ReceptionStatistics stats)
    {
        Assert.True(stats.TryCreateReportBlock(TimeSpan.FromSeconds(1), out var block));
        return block;
    }
}
