namespace Sala.Calls.Devices;

public enum AudioDeviceKind
{
    /// <summary>The system's default microphone or speaker.</summary>
    Default,

    /// <summary>A real device named by the user (by name or index).</summary>
    Device,
    Silence,
    Tone,
    Clicks,
    WavFile,
    Null,
}
