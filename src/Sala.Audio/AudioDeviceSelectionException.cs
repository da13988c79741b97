namespace Sala.Audio;

/// <summary>A device spec (<c>default</c>, a name or an index) matches no device, or several; the message lists the candidates.</summary>
public sealed class AudioDeviceSelectionException : AudioDeviceException
{
    public AudioDeviceSelectionException()
    {
    }

    public AudioDeviceSelectionException(string message)
        : base(message)
    {
    }

    public AudioDeviceSelectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
