namespace Sala.Audio;

/// <summary>Between Sala's mono and a device that only opens with more channels.</summary>
internal static class ChannelMixer
{
    /// <summary>Averages each frame's channels.</summary>
    public static void Downmix(ReadOnlySpan<short> interleaved, int channels, Span<short> mono)
    {
        for (var i = 0; i < mono.Length; i++)
        {
            var sum = 0;
            for (var c = 0; c < channels; c++)
                sum += interleaved[(i * channels) + c];
            mono[i] = (short)(sum / channels);
        }
    }

    /// <summary>Plays the mono signal on every channel.</summary>
    public static void Upmix(ReadOnlySpan<short> mono, int channels, Span<short> interleaved)
    {
        for (var i = 0; i < mono.Length; i++)
        {
            for (var c = 0; c < channels; c++)
                interleaved[(i * channels) + c] = mono[i];
        }
    }
}
