namespace Sala.Audio.Tests;

/// <summary>Polls a condition until it holds or a deadline passes (files written by another process have no event to wait on).</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    public static async Task HoldsAsync(Func<bool> condition, TimeSpan within, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"not within {within.TotalSeconds:0.#} s: {describe()}");
            await Task.Delay(Interval);
        }
    }
}
