using Sala.Media;
using Sala.Media.Devices;

namespace Sala.Calls.Devices;

/// <summary>
/// Opens the devices the user named. Files, tones and silence are built in; real devices (<c>default</c>, a name or
/// an index) go to <paramref name="realDevices"/>, which is null when this build or machine has none.
/// </summary>
public sealed class SpecAudioDevices(AudioDeviceSpec microphone, AudioDeviceSpec speaker, IRealAudioDevices? realDevices = null) : IAudioDevices
{
    private int _speakersOpened;

    public string MicrophoneName => microphone.Text;

    public string SpeakerName => speaker.Text;

    public IAudioSource OpenMicrophone() => microphone.Kind switch
    {
        AudioDeviceKind.Silence => new SilenceSource(),
        AudioDeviceKind.Tone => new ToneSource(microphone.Number),
        AudioDeviceKind.Clicks => new ClickTrainSource((int)microphone.Number),
        AudioDeviceKind.WavFile => new WavFileSource(microphone.Text),
        _ => Real().OpenMicrophone(microphone.Text),
    };

    public IAudioSink OpenSpeaker() => speaker.Kind switch
    {
        AudioDeviceKind.Null => new NullSink(),
        AudioDeviceKind.WavFile => new WavFileSink(NextRecordingPath()),
        _ => Real().OpenSpeaker(speaker.Text),
    };

    /// <summary>The first call records to the path given, later calls beside it (<c>out-2.wav</c>, ...), so none is overwritten.</summary>
    private string NextRecordingPath()
    {
        var number = Interlocked.Increment(ref _speakersOpened);
        if (number == 1)
            return speaker.Text;
        var folder = Path.GetDirectoryName(speaker.Text) ?? "";
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(speaker.Text)}-{number}{Path.GetExtension(speaker.Text)}");
    }

    private IRealAudioDevices Real() => realDevices ?? throw new AudioDeviceUnavailableException(
        "no audio device support is available here: use --mic tone:440, --mic silence or --mic FILE.wav, " +
        "and --speaker FILE.wav or --speaker null");
}
