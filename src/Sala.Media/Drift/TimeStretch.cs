namespace Sala.Media.Drift;

/// <summary>
/// Resizes a frame by linear interpolation, first sample onto first and last onto last: stretching 960 samples to 961
/// lowers the pitch by 0.1 % for 20 ms (under 2 cents, far below what an ear hears), where dropping or repeating a
/// sample would click.
/// </summary>
public static class TimeStretch
{
    public static void Resample(ReadOnlySpan<short> input, Span<short> output)
    {
        if (input.Length < 2 || output.Length < 2)
            throw new ArgumentException("Both frames need at least two samples.", nameof(input));
        var step = (double)(input.Length - 1) / (output.Length - 1);
        for (var i = 0; i < output.Length - 1; i++)
        {
            var position = i * step;
            var left = (int)position;
            var fraction = position - left;
            output[i] = (short)Math.Round(input[left] + ((input[left + 1] - input[left]) * fraction));
        }
        output[^1] = input[^1];
    }
}
