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
}
