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
}
