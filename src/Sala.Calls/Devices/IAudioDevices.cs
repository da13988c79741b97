using Sala.Media;

namespace Sala.Calls.Devices;

/// <summary>Opens the microphone and speaker for each call; the call owns (and disposes) what it opened.</summary>
public interface IAudioDevices
{
    string MicrophoneName { get; }

    string SpeakerName { get; }

    IAudioSource OpenMicrophone();

    IAudioSink OpenSpeaker();
}
