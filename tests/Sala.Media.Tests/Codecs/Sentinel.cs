namespace Sala.Media.Tests.Codecs;

/// <summary>
/// A frame filled with a value no decoder writes by chance in every sample, so "fills the frame" is checked: a
/// decoder that returns without writing leaves it there (a zeroed frame would pass for silence).
/// </summary>
internal static class Sentinel
{
    public const short Value = -12_345;

    public static short[] Frame() => Enumerable.Repeat(Value, AudioFormat.SamplesPerFrame).ToArray();

    /// <summary>Every sample was written: none still holds the sentinel (runs of it would mean a part left out).</summary>
    public static void AssertOverwritten(ReadOnlySpan<short> frame)
    {
        var left = 0;
        foreach (var sample in frame)
        {
            if (sample == Value)
                left++;
        }
        Assert.True(left <= 1, $"{left} of {frame.Length} samples still hold the sentinel");
    }
}
