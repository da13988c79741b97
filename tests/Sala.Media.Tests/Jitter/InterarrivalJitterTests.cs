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

    [Fact]
    public void Every_step_matches_the_integer_code_of_RFC_3550_A8()
    {
        // Transit differences from 0 to 40 ms in whole RTP units, seeded; the RFC's reference keeps the estimate scaled
        // by 16 and rounds the 1/16 gain: jitter += d - ((jitter + 8) >> 4), reported as jitter >> 4.
        var random = new Random(7);
        var jitter = new InterarrivalJitter(Cap);
        long reference = 0;
        long previousTransit = 0;
        for (var i = 0; i < 500; i++)
        {
            long transit = random.Next(0, 1920);
            var timestamp = (uint)(960 * i);
            // Arrival in ticks such that arrival * 3 / 625 is exactly timestamp + transit.
            jitter.Add(TimeSpan.FromTicks((timestamp + transit) * 625 / 3 + 1), timestamp);
            if (i > 0)
                reference += Math.Abs(transit - previousTransit) - ((reference + 8) >> 4);
            previousTransit = transit;
            Assert.Equal(reference >> 4, jitter.Units);
        }
    }
}
