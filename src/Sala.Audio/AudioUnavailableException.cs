namespace Sala.Audio;

/// <summary>
/// PortAudio is not installed, or it lists no device for the direction asked. The one-line message says which, how
/// to install PortAudio, and that file devices work meanwhile.
/// </summary>
public sealed class AudioUnavailableException : AudioDeviceException
{
    public const string FileDevicesHint = "meanwhile file devices work: --mic FILE.wav|tone:HZ|silence, --speaker FILE.wav|null";

    public AudioUnavailableException()
        : this(AudioUnavailableReason.LibraryMissing, "PortAudio is not available")
    {
    }

    public AudioUnavailableException(string message)
        : this(AudioUnavailableReason.LibraryMissing, message)
    {
    }

    public AudioUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = AudioUnavailableReason.LibraryMissing;
    }

    private AudioUnavailableException(AudioUnavailableReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public AudioUnavailableReason Reason { get; }

    internal static AudioUnavailableException LibraryMissing(IReadOnlyList<string> tried) =>
        new(AudioUnavailableReason.LibraryMissing,
            $"PortAudio is not installed (tried {string.Join(", ", tried)}): install it with `apt install libportaudio2` " +
            "(Debian, Ubuntu), `dnf install portaudio` (Fedora), `brew install portaudio` (macOS), or put portaudio.dll " +
            $"(e.g. from `vcpkg install portaudio`) next to sala.exe (Windows); {FileDevicesHint}.");

    internal static AudioUnavailableException NoDevice(DeviceDirection direction) =>
        new(AudioUnavailableReason.NoDevice,
            $"No {direction.Noun()} found: PortAudio works but lists no {direction.Adjective()} device (none plugged in, or " +
            $"the sound system is not running; `sala devices` lists what PortAudio sees); {FileDevicesHint}.");

    internal static AudioUnavailableException NoDevices() =>
        new(AudioUnavailableReason.NoDevice,
            "No audio device found: PortAudio works but lists no microphone and no speaker (no sound card, or the sound " +
            $"system is not running); {FileDevicesHint}.");
}
