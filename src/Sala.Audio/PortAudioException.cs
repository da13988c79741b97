namespace Sala.Audio;

/// <summary>A PortAudio call failed; the message names the operation and gives PortAudio's (and the host's) error text.</summary>
public sealed class PortAudioException : AudioDeviceException
{
    public PortAudioException()
    {
    }

    public PortAudioException(string message)
        : base(message)
    {
    }

    public PortAudioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal PortAudioException(string message, int errorCode)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The PaError code (negative), 0 when not from PortAudio.</summary>
    public int ErrorCode { get; }
}
