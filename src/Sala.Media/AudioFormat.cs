namespace Sala.Media;

/// <summary>The one format audio has inside Sala: 48 kHz, mono, 16-bit, in 20 ms frames.</summary>
public static class AudioFormat
{
    public const int SampleRate = 48_000;
    public const int Channels = 1;
    public const int FrameMilliseconds = 20;
    public const int SamplesPerFrame = SampleRate / 1000 * FrameMilliseconds;

    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(FrameMilliseconds);
}
