namespace Sala.Testing;

/// <summary>
/// Polls a condition until it holds or a deadline passes: for effects another thread, real-time audio or another
/// process completes, which have no event to wait on. Gives up with a <see cref="TimeoutException"/> naming what it
/// waited for.
/// </summary>
public static class Eventually
{
    /// <summary>Long enough for real-time media on a loaded machine; a passing test never waits it out.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), () => what, within);

    /// <summary>As the others, with <paramref name="describe"/> asked only on giving up (a transcript, a file's size).</summary>
    public static Task TrueAsync(Func<bool> condition, Func<string> describe, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), describe, within);

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null) =>
        TrueAsync(condition, () => what, within);

    private static async Task TrueAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan? within)
    {
        var patience = within ?? DefaultPatience;
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not within {patience.TotalSeconds:0.#} s: {describe()}");
            await Task.Delay(PollInterval);
        }
    }
}
