namespace Sala.Audio;

/// <summary>How a real device is opened. The defaults suit a voice call.</summary>
public sealed record AudioDeviceOptions
{
    /// <summary>The defaults: 40 ms suggested latency, 100 ms queue, 48 kHz when the device takes it.</summary>
    public static readonly AudioDeviceOptions Default = new();

    /// <summary>
    /// The latency asked of the host (it may give more). 40 ms: with the host's 5 to 10 ms defaults, ALSA through
    /// PulseAudio dropped the first frames in our tests, and a call tolerates 40 ms on each side.
    /// </summary>
    public TimeSpan SuggestedLatency { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>
    /// The most audio queued between the device and the call's frame loop before the oldest is dropped (an overrun).
    /// At least two frames; 100 ms absorbs a late timer tick or a garbage collection without adding delay otherwise.
    /// </summary>
    public TimeSpan QueueLimit { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The rate to open the device at; null: 48 kHz when the device takes it, else its default rate (resampled).</summary>
    public int? DeviceSampleRate { get; init; }
}
