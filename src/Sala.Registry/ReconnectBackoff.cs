namespace Sala.Registry;

/// <summary>Capped exponential backoff with jitter ("equal jitter": half the step fixed, half random).</summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Delay(int attempt, RegistrySessionOptions options)
    {
        var step = options.FirstReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(step, options.MaxReconnectDelay.TotalMilliseconds);
        var jitter = Math.Clamp(options.Jitter(), 0, 1);
        return TimeSpan.FromMilliseconds(capped * (0.5 + 0.5 * jitter));
    }
}
