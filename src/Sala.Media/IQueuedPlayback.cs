namespace Sala.Media;

/// <summary>
/// A speaker that plays on a clock of its own from a queue. How much waits there tells a call paced by its microphone
/// whether the speaker runs faster or slower than that microphone. Such a speaker takes frames a sample or two longer
/// or shorter than 20 ms in <see cref="IAudioSink.Write"/>: that is how the call keeps its queue level.
/// </summary>
public interface IQueuedPlayback
{
    /// <summary>
    /// Samples written and not yet played, up to a constant offset (only its movement means something). Safe to read
    /// from the writing thread.
    /// </summary>
    long QueuedSamples { get; }
}
