namespace Sala.Media.Devices;

/// <summary>A microphone that only ever hears silence.</summary>
public sealed class SilenceSource : IAudioSource
{
    public string Name => "silence";

    public void Read(Span<short> frame) => frame.Clear();

    public void Dispose()
    {
        // Nothing held.
    }
}
