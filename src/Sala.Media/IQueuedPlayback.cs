namespace Sala.Media;

/// <summary>
/// A speaker that plays on a clock of its own from a queue. How much waits there tells a call paced by its microphone
/// whether the speaker runs faster or slower than that microphone.
/// </summary>
public interface IQueuedPlayback
{
    /// <summary>
    /// Samples written and not yet played, up to a constant offset (only its movement means something). Safe to read
    /// from the writing thread.
    /// </summary>
    long QueuedSamples { get; }
}
