using Sala.Audio.Native;

namespace Sala.Audio;

/// <summary>
/// Opens a real microphone or speaker from the user's spec: <c>default</c>, a device index, or a name (or part of
/// one, case-insensitive). File and tone devices are not PortAudio's business; the client picks those itself.
/// </summary>
public static class AudioDeviceFactory
{
    /// <summary>Opens and starts the microphone <paramref name="spec"/> names.</summary>
    /// <exception cref="AudioDeviceException">
    /// PortAudio is missing or lists no microphone (<see cref="AudioUnavailableException"/>), the spec matches none or
    /// several (<see cref="AudioDeviceSelectionException"/>), or the device will not open (<see cref="PortAudioException"/>).
    /// The message is one line for the user.
    /// </exception>
    public static PortAudioSource OpenSource(string spec, AudioDeviceOptions? options = null) =>
        Open(spec, DeviceDirection.Input, device => new PortAudioSource(device, options ?? AudioDeviceOptions.Default));

    /// <summary>Opens and starts the speaker <paramref name="spec"/> names.</summary>
    /// <exception cref="AudioDeviceException">As for <see cref="OpenSource"/>.</exception>
    public static PortAudioSink OpenSink(string spec, AudioDeviceOptions? options = null) =>
        Open(spec, DeviceDirection.Output, device => new PortAudioSink(device, options ?? AudioDeviceOptions.Default));

    /// <summary>The microphone <paramref name="spec"/> names, without opening it: to report a bad name at start-up.</summary>
    /// <exception cref="AudioDeviceException">As for <see cref="OpenSource"/>, except that nothing is opened.</exception>
    public static AudioDeviceInfo FindSource(string spec) => DeviceCatalog.Load().Select(spec, DeviceDirection.Input);

    /// <summary>The speaker <paramref name="spec"/> names, without opening it.</summary>
    /// <exception cref="AudioDeviceException">As for <see cref="OpenSource"/>, except that nothing is opened.</exception>
    public static AudioDeviceInfo FindSink(string spec) => DeviceCatalog.Load().Select(spec, DeviceDirection.Output);

    private static T Open<T>(string spec, DeviceDirection direction, Func<AudioDeviceInfo, T> open)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // Held across listing and opening so PortAudio is initialised once, not terminated in between.
        PortAudioRuntime.Acquire();
        try
        {
            return open(DeviceCatalog.Load().Select(spec, direction));
        }
        finally
        {
            PortAudioRuntime.Release();
        }
    }
}
