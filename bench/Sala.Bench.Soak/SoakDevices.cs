using Sala.Calls.Devices;
using Sala.Media;
using Sala.Media.Devices;

namespace Sala.Bench.Soak;

/// <summary>A tone for a microphone and a <see cref="GapCheckingSink"/> for a speaker, for each call.</summary>
internal sealed class SoakDevices(double toneHz) : IAudioDevices
{
    public GapCheckingSink? Speaker { get; private set; }

    public string MicrophoneName => $"tone {toneHz} Hz";

    public string SpeakerName => "gap checker";

    public IAudioSource OpenMicrophone() => new ToneSource(toneHz);

    public IAudioSink OpenSpeaker() => Speaker = new GapCheckingSink();
}
