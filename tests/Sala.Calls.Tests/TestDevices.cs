using Sala.Calls.Devices;
using Sala.Media;

namespace Sala.Calls.Tests;

internal sealed class TestDevices(Func<IAudioSource> microphone) : IAudioDevices
{
    public List<RecordingSink> Speakers { get; } = [];

    public string MicrophoneName => "test microphone";

    public string SpeakerName => "test speaker";

    public IAudioSource OpenMicrophone() => microphone();

    public IAudioSink OpenSpeaker()
    {
        var sink = new RecordingSink();
        Speakers.Add(sink);
        return sink;
    }
}
