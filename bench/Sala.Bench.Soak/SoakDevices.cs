using Sala.Calls.Devices;
using Sala.Media;
using Sala.Media.Devices;

namespace Sala.Bench.Soak;

/// <summary>
/// A tone (or, with <paramref name="speech"/>, speech-like sound with pauses) for a microphone and a
/// <see cref="GapCheckingSink"/> for a speaker, for each call. Gaps mean something only with the tone, which never pauses.
/// </summary>
internal sealed class SoakDevices(double toneHz, bool speech = false) : IAudioDevices
{
    private static readonly Lazy<short[]> Speech = new(() => SpeechLikeSignal.Generate(TimeSpan.FromSeconds(30), AudioFormat.SampleRate, seed: 5));

    public GapCheckingSink? Speaker { get; private set; }

    public string MicrophoneName => speech ? "speech-like" : $"tone {toneHz} Hz";

    public string SpeakerName => "gap checker";

    public IAudioSource OpenMicrophone() => speech ? new LoopingSource("speech-like", Speech.Value) : new ToneSource(toneHz);

    public IAudioSink OpenSpeaker() => Speaker = new GapCheckingSink();
}
