namespace Sala.Audio;

/// <summary>
/// A real microphone or speaker cannot be used. The message is one line meant for the user as it is; the subclasses
/// say why (<see cref="AudioUnavailableException"/>, <see cref="AudioDeviceSelectionException"/>,
/// <see cref="PortAudioException"/>).
/// </summary>
public class AudioDeviceException : Exception
{
    public AudioDeviceException()
    {
    }

    public AudioDeviceException(string message)
        : base(message)
    {
    }

    public AudioDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
