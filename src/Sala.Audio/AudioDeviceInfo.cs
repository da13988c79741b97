namespace Sala.Audio;

/// <summary>One device as PortAudio lists it.</summary>
/// <param name="Index">PortAudio's device index: stable while the same devices are plugged in.</param>
/// <param name="Name">The device's name as the host API gives it.</param>
/// <param name="HostApi">The host API it belongs to: ALSA, JACK, Windows WASAPI, Core Audio...</param>
/// <param name="MaxInputChannels">0 for a device that cannot record.</param>
/// <param name="MaxOutputChannels">0 for a device that cannot play.</param>
/// <param name="DefaultSampleRate">The rate the device prefers, in Hz.</param>
/// <param name="IsDefaultInput">PortAudio's default microphone.</param>
/// <param name="IsDefaultOutput">PortAudio's default speaker.</param>
/// <param name="IsInDefaultHostApi">Whether <paramref name="HostApi"/> is the system's default host API.</param>
/// <param name="DefaultLowInputLatency">The host's suggestion for interactive capture.</param>
/// <param name="DefaultLowOutputLatency">The host's suggestion for interactive playback.</param>
public sealed record AudioDeviceInfo(
    int Index,
    string Name,
    string HostApi,
    int MaxInputChannels,
    int MaxOutputChannels,
    double DefaultSampleRate,
    bool IsDefaultInput,
    bool IsDefaultOutput,
    bool IsInDefaultHostApi,
    TimeSpan DefaultLowInputLatency,
    TimeSpan DefaultLowOutputLatency)
{
    public bool IsInput => MaxInputChannels > 0;

    public bool IsOutput => MaxOutputChannels > 0;

    public bool Supports(DeviceDirection direction) => direction == DeviceDirection.Input ? IsInput : IsOutput;

    public bool IsDefault(DeviceDirection direction) => direction == DeviceDirection.Input ? IsDefaultInput : IsDefaultOutput;

    public int MaxChannels(DeviceDirection direction) => direction == DeviceDirection.Input ? MaxInputChannels : MaxOutputChannels;

    public TimeSpan DefaultLowLatency(DeviceDirection direction) =>
        direction == DeviceDirection.Input ? DefaultLowInputLatency : DefaultLowOutputLatency;
}
