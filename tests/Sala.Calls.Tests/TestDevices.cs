using Sala.Calls.Devices;
using Sala.Media;

namespace Sala.Calls.Tests;

/// <summary>Test microphones; speakers that record, or the ones <paramref name="speaker"/> makes (an echo room's).</summary>
internal sealed class TestDevices(Func<IAudioSource> microphone, Func<IAudioSink>? speaker = null) : IAudioDevices
{
    public List<RecordingSink> Speakers { get; } = [];

    public string MicrophoneName => "test microphone";

    public string SpeakerName => "test speaker";

    public IAudioSource OpenMicrophone() => microphone();

    public IAudioSink OpenSpeaker()
    {
        if (speaker is not null)
            return speaker();
        var sink = new RecordingSink();
        Speakers.Add(sink);
        return sink;
    }
}
