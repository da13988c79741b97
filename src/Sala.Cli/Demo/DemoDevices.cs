using Sala.Calls.Devices;
using Sala.Media;

namespace Sala.Cli.Demo;

/// <summary>The demo's devices: a microphone made in memory and a speaker recording to a file.</summary>
internal sealed class DemoDevices(Func<IAudioSource> microphone, Func<IAudioSink> speaker, string microphoneName, string speakerName) : IAudioDevices
{
    public string MicrophoneName => microphoneName;

    public string SpeakerName => speakerName;

    public IAudioSource OpenMicrophone() => microphone();

    public IAudioSink OpenSpeaker() => speaker();
}
