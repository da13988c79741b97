using NAudio.Wave;

namespace Sala.Media.Devices;

/// <summary>Passes a wave stream through under another, equivalent format description.</summary>
internal sealed class RelabelledWaveProvider(IWaveProvider source, WaveFormat format) : IWaveProvider
{
    public WaveFormat WaveFormat { get; } = format;

    public int Read(byte[] buffer, int offset, int count) => source.Read(buffer, offset, count);
}
