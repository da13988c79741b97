using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sala.Calls.Guard;

namespace Sala.Calls.Tests.Guard;

public sealed class InviteLimiterTests
{
    [Fact]
    public void One_source_gets_a_burst_then_two_a_second()
    {
        var time = new FakeTimeProvider();
        var limiter = new InviteLimiter(time);
        var source = IPAddress.Parse("10.0.0.1");
        Assert.Equal(5, Enumerable.Range(0, 20).Count(_ => limiter.TryAdmit(source)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Enumerable.Range(0, 20).Count(_ => limiter.TryAdmit(source)));
        Assert.Equal(33, limiter.Refused);
    }

    [Fact]
    public void Many_sources_together_are_held_to_the_total()
    {
        var time = new FakeTimeProvider();
        var limiter = new InviteLimiter(time);
        var admitted = Enumerable.Range(1, 200).Count(i => limiter.TryAdmit(IPAddress.Parse($"10.0.{i / 250}.{i % 250}")));
        Assert.Equal(20, admitted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, Enumerable.Range(1, 200).Count(i => limiter.TryAdmit(IPAddress.Parse($"10.1.{i / 250}.{i % 250}"))));
    }

    [Fact]
    public void A_real_callers_retransmissions_always_pass()
    {
        var time = new FakeTimeProvider();
        var limiter = new InviteLimiter(time);
        var caller = IPAddress.Parse("10.0.0.7");
        foreach (var wait in new[] { 0, 500, 1000, 2000, 4000, 4000, 4000 })
        {
            time.Advance(TimeSpan.FromMilliseconds(wait));
            Assert.True(limiter.TryAdmit(caller));
        }
    }

    /// <summary>
    /// 256 sources are remembered: the 256th newcomer after a source makes the limiter forget it, and it starts again
    /// with a whole burst (5) where, remembered, it would have had only what two seconds gave back (4).
    /// </summary>
    [Theory]
    [InlineData(255, 4)]
    [InlineData(256, 5)]
    public void Beyond_256_sources_the_oldest_is_forgotten_and_starts_with_a_new_burst(int newcomers, int admittedAfter)
    {
        var time = new FakeTimeProvider();
        var limiter = new InviteLimiter(time);
        var oldest = IPAddress.Parse("10.9.9.9");
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => limiter.TryAdmit(oldest)));
        for (var i = 0; i < newcomers; i++)
            limiter.TryAdmit(IPAddress.Parse($"10.0.{i / 250}.{(i % 250) + 1}"));

        // The total bucket (20, 10 a second) is full again; the oldest's own bucket holds 4 unless it was forgotten.
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(admittedAfter, Enumerable.Range(0, 10).Count(_ => limiter.TryAdmit(oldest)));
    }
}
