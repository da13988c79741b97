using Sala.Protocol.Rtcp;

namespace Sala.Protocol.Tests.Rtcp;

public sealed class NtpTimestampTests
{
    [Fact]
    public void UnixEpoch_Is2208988800SecondsAfterTheNtpEpoch()
    {
        var ntp = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch);
        Assert.Equal(2_208_988_800u, ntp.Seconds);
        Assert.Equal(0u, ntp.Fraction);
    }

    [Fact]
    public void Fraction_CountsUnitsOf2ToTheMinus32Seconds()
    {
        var ntp = NtpTimestamp.FromTimeSpan(TimeSpan.FromSeconds(46_853.125));
        Assert.Equal(new NtpTimestamp(0x0000_B705_2000_0000), ntp);
        Assert.Equal(0xB705_2000u, ntp.Middle32);
        Assert.Equal(TimeSpan.FromSeconds(46_853.125), ntp.ToTimeSpan());
    }

    [Fact]
    public void Middle32_IsTheLow16BitsOfTheSecondsAndTheHigh16OfTheFraction() =>
        Assert.Equal(0xB2C3_8000u, new NtpTimestamp(0xE3A1_B2C3_8000_1234).Middle32);

    [Fact]
    public void WallClock_RoundTripsToTheTick_InEra0AndEra1()
    {
        foreach (var time in new[]
        {
            new DateTimeOffset(2025, 6, 1, 12, 34, 56, TimeSpan.Zero).AddTicks(1_234_567),
            new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(9_999_999),
        })
        {
            var back = NtpTimestamp.FromDateTimeOffset(time).ToDateTimeOffset();
            // 2^-32 s is finer than a tick, so truncation loses at most one tick on the way back.
            Assert.InRange((time - back).Ticks, 0, 1);
        }
    }

    [Fact]
    public void Era1_StartsAtSecondZeroIn2036() =>
        Assert.Equal(0u, NtpTimestamp.FromDateTimeOffset(new DateTimeOffset(2036, 2, 7, 6, 28, 16, TimeSpan.Zero)).Seconds);

    [Fact]
    public void NegativeTime_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NtpTimestamp.FromTimeSpan(TimeSpan.FromTicks(-1)));

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(-5, 0u)]
    [InlineData(5_250, 0x0005_4000u)]
    [InlineData(1, 65u)] // 65.536 units, truncated
    [InlineData(100_000_000, uint.MaxValue)] // beyond 65536 s saturates
    public void ShortFormat_IsUnitsOf1Over65536Seconds(int milliseconds, uint units) =>
        Assert.Equal(units, NtpTimestamp.ToShortFormat(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void ShortFormat_ConvertsBack() =>
        Assert.Equal(TimeSpan.FromSeconds(6.125), NtpTimestamp.FromShortFormat(0x0006_2000));

    [Fact]
    public void RoundTrip_FollowsTheWorkedExampleOfRfc3550Section6_4_1()
    {
        // RFC 3550 §6.4.1, figure 2: an SR sent at 46853.125 s (LSR 0xb705:2000), held 5.250 s by the reporter
        // (DLSR 0x0005:4000), its RR arriving at 46864.500 s (A 0xb710:8000): delay 0x0006:2000, 6.125 s.
        Assert.Equal(TimeSpan.FromSeconds(6.125), RoundTrip.Compute(0xB710_8000, 0xB705_2000, 0x0005_4000));
        var arrival = NtpTimestamp.FromTimeSpan(TimeSpan.FromSeconds(46_864.5));
        var block = new ReportBlock(1, 0, 0, 0, 0, 0xB705_2000, 0x0005_4000);
        Assert.Equal(TimeSpan.FromSeconds(6.125), RoundTrip.Compute(arrival, block));
    }

    [Fact]
    public void RoundTrip_WithoutAnEchoedSenderReport_IsUnknown() =>
        Assert.Null(RoundTrip.Compute(0xB710_8000, 0, 0));

    [Fact]
    public void RoundTrip_WrapsModulo2To32_AcrossAnNtpSecondsWrap() =>
        Assert.Equal(TimeSpan.FromSeconds(0.75), RoundTrip.Compute(0x0000_8000, 0xFFFF_C000, 0x0000_0000));

    [Fact]
    public void RoundTrip_ThatComesOutNegative_IsZero() =>
        Assert.Equal(TimeSpan.Zero, RoundTrip.Compute(0x1000_0000, 0x1000_0000, 1));
}
