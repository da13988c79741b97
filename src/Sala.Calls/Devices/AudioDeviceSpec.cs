using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sala.Calls.Devices;

/// <summary>
/// A device as the user names it on the command line. Microphones: <c>default</c>, <c>silence</c>,
/// <c>tone:HZ</c>, <c>click:MS</c> or a WAV file path; speakers: <c>default</c>, <c>null</c> or a WAV file path.
/// Anything else that is not a file names a real device (picked by the device layer).
/// </summary>
public sealed record AudioDeviceSpec(AudioDeviceKind Kind, string Text, double Number = 0)
{
    public static bool TryParseMicrophone(string? text, [NotNullWhen(true)] out AudioDeviceSpec? spec, out string? whyNot)
    {
        text = (text ?? "default").Trim();
        whyNot = null;
        spec = null;
        if (text.Length == 0 || text.Equals("default", StringComparison.OrdinalIgnoreCase))
            spec = new AudioDeviceSpec(AudioDeviceKind.Default, "default");
        else if (text.Equals("silence", StringComparison.OrdinalIgnoreCase))
            spec = new AudioDeviceSpec(AudioDeviceKind.Silence, text);
        else if (text.StartsWith("tone:", StringComparison.OrdinalIgnoreCase))
            spec = ParseNumber(text, "tone:", 20, 20_000, AudioDeviceKind.Tone, "tone:HZ takes a frequency from 20 to 20000", out whyNot);
        else if (text.StartsWith("click:", StringComparison.OrdinalIgnoreCase))
            spec = ParseNumber(text, "click:", 40, 10_000, AudioDeviceKind.Clicks, "click:MS takes an interval from 40 to 10000 ms", out whyNot);
        else if (IsWavPath(text))
            spec = File.Exists(text) ? new AudioDeviceSpec(AudioDeviceKind.WavFile, text) : null;
        else
            spec = new AudioDeviceSpec(AudioDeviceKind.Device, text);
        if (spec is null && whyNot is null)
            whyNot = $"no such file: {text}";
        return spec is not null;
    }

    public static bool TryParseSpeaker(string? text, [NotNullWhen(true)] out AudioDeviceSpec? spec, out string? whyNot)
    {
        text = (text ?? "default").Trim();
        whyNot = null;
        if (text.Length == 0 || text.Equals("default", StringComparison.OrdinalIgnoreCase))
            spec = new AudioDeviceSpec(AudioDeviceKind.Default, "default");
        else if (text.Equals("null", StringComparison.OrdinalIgnoreCase))
            spec = new AudioDeviceSpec(AudioDeviceKind.Null, text);
        else if (IsWavPath(text))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(text));
            spec = folder is null || Directory.Exists(folder) ? new AudioDeviceSpec(AudioDeviceKind.WavFile, text) : null;
            whyNot = spec is null ? $"no such folder for {text}" : null;
        }
        else
            spec = new AudioDeviceSpec(AudioDeviceKind.Device, text);
        return spec is not null;
    }

    private static bool IsWavPath(string text) => text.EndsWith(".wav", StringComparison.OrdinalIgnoreCase);

    private static AudioDeviceSpec? ParseNumber(string text, string prefix, double min, double max, AudioDeviceKind kind, string usage, out string? whyNot)
    {
        if (double.TryParse(text.AsSpan(prefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            whyNot = null;
            return new AudioDeviceSpec(kind, text, value);
        }
        whyNot = usage;
        return null;
    }
}
