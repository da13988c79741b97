namespace Sala.Calls.Devices;

/// <summary>A microphone or speaker cannot be opened; the message is one line for the user, saying what to do.</summary>
public sealed class AudioDeviceUnavailableException : Exception
{
    public AudioDeviceUnavailableException()
    {
    }

    public AudioDeviceUnavailableException(string message) : base(message)
    {
    }

    public AudioDeviceUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
