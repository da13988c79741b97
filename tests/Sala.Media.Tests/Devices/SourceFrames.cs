namespace Sala.Media.Tests.Devices;

/// <summary>Reads a source frame by frame, as the audio clock would.</summary>
internal static class SourceFrames
{
    public static short[] Read(IAudioSource source, int frames)
    {
        var samples = new short[frames * AudioFormat.SamplesPerFrame];
        for (var f = 0; f < frames; f++)
        {
            source.Read(samples.AsSpan(f * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame));
        }

        return samples;
    }
}
