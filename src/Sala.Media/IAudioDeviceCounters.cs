namespace Sala.Media;

/// <summary>
/// What a real device reports for the call figures: glitches counted since it opened, and whether it failed.
/// Sources and sinks that are real devices implement it next to <see cref="IAudioSource"/> or <see cref="IAudioSink"/>;
/// files and tones do not. Safe to read from any thread.
/// </summary>
public interface IAudioDeviceCounters
{
    /// <summary>
    /// Times audio was missing: a microphone read that found less than a frame captured (silence was handed out), or
    /// a speaker that ran dry.
    /// </summary>
    long Underruns { get; }

    /// <summary>
    /// Times audio was dropped because too much was queued: captured audio not read in time, or frames written faster
    /// than the speaker played them. The oldest audio is the one dropped.
    /// </summary>
    long Overruns { get; }

    /// <summary>
    /// Null while the device works; once it fails (unplugged, sound server gone) a one-line message, and from then on
    /// the device is silent: reads give silence, writes are dropped.
    /// </summary>
    string? Failure { get; }
}
