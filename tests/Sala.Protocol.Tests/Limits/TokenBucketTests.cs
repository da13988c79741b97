using Microsoft.Extensions.Time.Testing;
using Sala.Protocol.Limits;

namespace Sala.Protocol.Tests.Limits;

public sealed class TokenBucketTests
{
    [Fact]
    public void A_burst_is_allowed_then_the_rate_refills_it()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(time, perSecond: 10, burst: 3);
        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
        Assert.Equal(TimeSpan.FromMilliseconds(100), bucket.UntilNextToken());

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.Zero, bucket.UntilNextToken());
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(3, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));
    }

    [Fact]
    public void A_full_bucket_has_a_token_now_not_a_negative_wait()
    {
        var bucket = new TokenBucket(new FakeTimeProvider(), perSecond: 10, burst: 3);
        Assert.Equal(TimeSpan.Zero, bucket.UntilNextToken());
    }

    [Fact]
    public void The_wait_for_a_token_counts_what_has_refilled_already()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(time, perSecond: 10, burst: 1);
        Assert.True(bucket.TryTake());

        time.Advance(TimeSpan.FromMilliseconds(40));

        Assert.Equal(60, bucket.UntilNextToken().TotalMilliseconds, precision: 3);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(-1, 3)]
    [InlineData(10, 0.5)]
    public void A_bucket_that_could_never_refill_or_never_allow_one_is_refused(double perSecond, double burst) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(new FakeTimeProvider(), perSecond, burst));
}
