namespace Sala.Registry.Tests;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_double_from_the_first_up_to_the_cap()
    {
        var options = new RegistrySessionOptions { Jitter = () => 1.0 };
        var delays = Enumerable.Range(0, 7).Select(a => ReconnectBackoff.Delay(a, options).TotalSeconds);
        Assert.Equal([1, 2, 4, 8, 15, 15, 15], delays);
    }

    [Fact]
    public void Jitter_takes_off_at_most_half_of_each_delay()
    {
        var none = new RegistrySessionOptions { Jitter = () => 0.0 };
        Assert.Equal(TimeSpan.FromSeconds(0.5), ReconnectBackoff.Delay(0, none));
        Assert.Equal(TimeSpan.FromSeconds(7.5), ReconnectBackoff.Delay(10, none));
        var wild = new RegistrySessionOptions { Jitter = () => 42 };
        Assert.Equal(TimeSpan.FromSeconds(15), ReconnectBackoff.Delay(1000, wild));
    }
}
