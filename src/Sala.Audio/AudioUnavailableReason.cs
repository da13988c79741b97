namespace Sala.Audio;

/// <summary>Why no real audio device can be used at all.</summary>
public enum AudioUnavailableReason
{
    /// <summary>The PortAudio shared library is not installed (or not where it is looked for).</summary>
    LibraryMissing,

    /// <summary>PortAudio works but lists no device for the direction asked (no microphone, or no speaker).</summary>
    NoDevice,
}
