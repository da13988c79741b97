namespace Sala.Media;

/// <summary>
/// The one format audio has inside Sala: 48 kHz, mono, 16-bit, in 20 ms frames (a call may run on 10 ms frames,
/// <see cref="ShortFrameMilliseconds"/>, when one side asks for 10 ms packets).
/// </summary>
public static class AudioFormat
{
    public const int SampleRate = 48_000;
    public const int Channels = 1;
    public const int FrameMilliseconds = 20;
    public const int SamplesPerFrame = SampleRate / 1000 * FrameMilliseconds;

    public const int ShortFrameMilliseconds = 10;

    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(FrameMilliseconds);

    /// <summary>Samples in <paramref name="milliseconds"/> of audio.</summary>
    public static int SamplesIn(int milliseconds) => SampleRate / 1000 * milliseconds;

    /// <summary>How long <paramref name="samples"/> of audio last.</summary>
    public static TimeSpan DurationOf(int samples) => TimeSpan.FromTicks(TimeSpan.TicksPerSecond * samples / SampleRate);
}
