namespace Sala.Calls.Tests;

/// <summary>Polls a condition until it holds or a deadline passes: for effects that real-time audio completes.</summary>
internal static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(PollInterval);
        }
    }
}
