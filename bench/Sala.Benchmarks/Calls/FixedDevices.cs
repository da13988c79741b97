using Sala.Calls.Devices;
using Sala.Media;

namespace Sala.Benchmarks.Calls;

/// <summary>Devices made in advance for one call, so the bench keeps a handle on them.</summary>
internal sealed class FixedDevices(IAudioSource microphone, IAudioSink speaker) : IAudioDevices
{
    public string MicrophoneName => microphone.Name;

    public string SpeakerName => speaker.Name;

    public IAudioSource OpenMicrophone() => microphone;

    public IAudioSink OpenSpeaker() => speaker;
}
