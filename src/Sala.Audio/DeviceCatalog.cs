using System.Globalization;
using System.Runtime.InteropServices;
using Sala.Audio.Native;

namespace Sala.Audio;

/// <summary>
/// The devices PortAudio lists, and the choice of one from a user's spec: <c>default</c>, an index, or a name
/// matched case-insensitively, whole name first, then by substring.
/// </summary>
public sealed class DeviceCatalog
{
    public const string DefaultSpec = "default";

    /// <summary>A catalog of the given devices (tests, or a list taken earlier).</summary>
    public DeviceCatalog(IEnumerable<AudioDeviceInfo> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        Devices = [.. devices];
    }

    /// <summary>Every device, in PortAudio's index order.</summary>
    public IReadOnlyList<AudioDeviceInfo> Devices { get; }

    public IEnumerable<AudioDeviceInfo> Inputs => Devices.Where(d => d.IsInput);

    public IEnumerable<AudioDeviceInfo> Outputs => Devices.Where(d => d.IsOutput);

    /// <summary>Asks PortAudio for its devices now.</summary>
    /// <exception cref="AudioUnavailableException">PortAudio is not installed.</exception>
    /// <exception cref="PortAudioException">PortAudio failed to initialise or to list.</exception>
    public static DeviceCatalog Load()
    {
        PortAudioRuntime.Acquire();
        try
        {
            lock (PortAudioRuntime.Gate)
                return new DeviceCatalog(ReadDevices());
        }
        finally
        {
            PortAudioRuntime.Release();
        }
    }

    /// <summary>This catalog, if it lists any device.</summary>
    /// <exception cref="AudioUnavailableException">It lists none (reason <see cref="AudioUnavailableReason.NoDevice"/>).</exception>
    public DeviceCatalog EnsureAny() => Devices.Count > 0 ? this : throw AudioUnavailableException.NoDevices();

    /// <summary>The devices of <paramref name="direction"/> in index order.</summary>
    public IEnumerable<AudioDeviceInfo> For(DeviceDirection direction) => Devices.Where(d => d.Supports(direction));

    /// <summary>Picks the device <paramref name="spec"/> names: <c>default</c>, an index, or a name (or part of one).</summary>
    /// <exception cref="AudioUnavailableException">There is no device at all for the direction.</exception>
    /// <exception cref="AudioDeviceSelectionException">The spec matches none, or several; the message lists candidates.</exception>
    public AudioDeviceInfo Select(string spec, DeviceDirection direction)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var candidates = For(direction).ToList();
        if (candidates.Count == 0)
            throw AudioUnavailableException.NoDevice(direction);

        spec = spec.Trim();
        if (spec.Length == 0 || spec.Equals(DefaultSpec, StringComparison.OrdinalIgnoreCase))
        {
            return candidates.FirstOrDefault(d => d.IsDefault(direction))
                ?? throw new AudioDeviceSelectionException(
                    $"PortAudio has no default {direction.Noun()}; pick one by name or index: {List(candidates)}.");
        }

        if (int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return candidates.FirstOrDefault(d => d.Index == index)
                ?? throw new AudioDeviceSelectionException(
                    $"No {direction.Noun()} has index {index}; {direction.Adjective()}s are: {List(candidates)}.");
        }

        var exact = candidates.Where(d => d.Name.Equals(spec, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = exact.Count > 0 ? exact : candidates.Where(d => d.Name.Contains(spec, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
            return matches[0];
        if (matches.Count == 0)
        {
            throw new AudioDeviceSelectionException(
                $"No {direction.Noun()} matches '{spec}'; {direction.Adjective()}s are: {List(candidates)}.");
        }

        // Windows lists one physical device under MME, DirectSound and WASAPI alike: the default host API's copy is
        // the one the user means, so a name is only ambiguous if it stays so there.
        var inDefaultHost = matches.Where(d => d.IsInDefaultHostApi).ToList();
        if (inDefaultHost.Count == 1)
            return inDefaultHost[0];
        throw new AudioDeviceSelectionException(
            $"Several {direction.Noun()}s match '{spec}': {List(matches)}; give the index or more of the name.");
    }

    private static string List(IEnumerable<AudioDeviceInfo> devices) =>
        string.Join(", ", devices.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Index} '{d.Name}' ({d.HostApi})")));

    private static unsafe List<AudioDeviceInfo> ReadDevices()
    {
        var count = PortAudioNative.Pa_GetDeviceCount();
        PortAudioRuntime.Check(count, "cannot list audio devices");
        var defaultHostApi = PortAudioNative.Pa_GetDefaultHostApi();
        var defaultInput = PortAudioNative.Pa_GetDefaultInputDevice();
        var defaultOutput = PortAudioNative.Pa_GetDefaultOutputDevice();
        var devices = new List<AudioDeviceInfo>(count);
        for (var i = 0; i < count; i++)
        {
            var info = PortAudioNative.Pa_GetDeviceInfo(i);
            if (info is null)
                continue;
            var host = PortAudioNative.Pa_GetHostApiInfo(info->HostApi);
            var hostName = host is null ? "?" : Marshal.PtrToStringUTF8(host->Name) ?? "?";
            devices.Add(new AudioDeviceInfo(
                i,
                Marshal.PtrToStringUTF8(info->Name) ?? $"device {i}",
                hostName,
                Math.Max(0, info->MaxInputChannels),
                Math.Max(0, info->MaxOutputChannels),
                info->DefaultSampleRate,
                i == defaultInput,
                i == defaultOutput,
                info->HostApi == defaultHostApi,
                TimeSpan.FromSeconds(info->DefaultLowInputLatency),
                TimeSpan.FromSeconds(info->DefaultLowOutputLatency)));
        }

        return devices;
    }
}
