using Sala.Media;

namespace Sala.Calls.Media;

/// <summary>What real devices counted during a call (see <see cref="IAudioDeviceCounters"/>); zero for files and tones.</summary>
public readonly record struct DeviceGlitches(long MicrophoneUnderruns, long MicrophoneOverruns, long SpeakerUnderruns, long SpeakerOverruns)
{
    public long Total => MicrophoneUnderruns + MicrophoneOverruns + SpeakerUnderruns + SpeakerOverruns;

    public static DeviceGlitches Of(IAudioSource microphone, IAudioSink speaker)
    {
        var mic = microphone as IAudioDeviceCounters;
        var spk = speaker as IAudioDeviceCounters;
        return new DeviceGlitches(mic?.Underruns ?? 0, mic?.Overruns ?? 0, spk?.Underruns ?? 0, spk?.Overruns ?? 0);
    }
}
