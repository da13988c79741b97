using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

public sealed class InterarrivalJitterTests
{
    private const long Cap = 19_200;

    [Fact]
    public void Constant_transit_has_no_jitter_even_across_the_timestamp_wrap()
    {
        var jitter = new InterarrivalJitter(Cap);
        var timestamp = uint.MaxValue - (960 * 50);
        for (var i = 0; i < 100; i++)
            jitter.Add(TimeSpan.FromMilliseconds(1000 + (20 * i)), unchecked(timestamp + (uint)(960 * i)));
        Assert.Equal(0, jitter.Units);
    }

    [Fact]
    public void Alternating_transit_converges_to_the_difference()
    {
        // Transit alternates 0 / 10 ms, so |D(i-1,i)| is always 10 ms = 480 units (RFC 3550 §A.8).
        var jitter = new InterarrivalJitter(Cap);
        for (var i = 0; i < 400; i++)
            jitter.Add(TimeSpan.FromMilliseconds((20 * i) + (i % 2 * 10)), (uint)(960 * i));
        Assert.InRange(jitter.Units, 470, 480);
        Assert.InRange(jitter.Value.TotalMilliseconds, 9.7, 10.01);
    }

    [Fact]
    public void One_timestamp_discontinuity_counts_no_more_than_the_cap()
    {
        var jitter = new InterarrivalJitter(Cap);
        jitter.Add(TimeSpan.Zero, 0);
        jitter.Add(TimeSpan.FromMilliseconds(20), 2_000_000_000);
        Assert.Equal(Cap / 16, jitter.Units);
    }
}
