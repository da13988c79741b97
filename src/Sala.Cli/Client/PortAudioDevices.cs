using Sala.Audio;
using Sala.Calls.Devices;
using Sala.Media;

namespace Sala.Cli.Client;

/// <summary>The real microphone and speaker, through PortAudio; its errors become the call layer's one-line errors.</summary>
internal sealed class PortAudioDevices : IRealAudioDevices
{
    public void Check(string? microphone, string? speaker) => Translate(() =>
    {
        if (microphone is not null)
            AudioDeviceFactory.FindSource(microphone);
        if (speaker is not null)
            AudioDeviceFactory.FindSink(speaker);
        return true;
    });

    public IAudioSource OpenMicrophone(string name) => Translate(() => AudioDeviceFactory.OpenSource(name));

    public IAudioSink OpenSpeaker(string name) => Translate(() => AudioDeviceFactory.OpenSink(name));

    private static T Translate<T>(Func<T> open)
    {
        try
        {
            return open();
        }
        catch (AudioDeviceException ex)
        {
            throw new AudioDeviceUnavailableException(ex.Message, ex);
        }
    }
}
