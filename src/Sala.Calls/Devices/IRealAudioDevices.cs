using Sala.Media;

namespace Sala.Calls.Devices;

/// <summary>A sound card layer (PortAudio): opens devices by <c>default</c>, name or index.</summary>
public interface IRealAudioDevices
{
    /// <summary>
    /// Checks that the named devices exist, so a bad name is reported at start, not when a call connects. Null means
    /// that side is not a real device (a file, a tone).
    /// </summary>
    void Check(string? microphone, string? speaker);

    IAudioSource OpenMicrophone(string name);

    IAudioSink OpenSpeaker(string name);
}
