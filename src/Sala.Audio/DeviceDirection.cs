namespace Sala.Audio;

/// <summary>Which way audio flows through a device.</summary>
public enum DeviceDirection
{
    /// <summary>A microphone: audio comes in.</summary>
    Input,

    /// <summary>A speaker: audio goes out.</summary>
    Output,
}
