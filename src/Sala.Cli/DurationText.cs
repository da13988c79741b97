using System.Globalization;

namespace Sala.Cli;

/// <summary>Durations as people type them: <c>500ms</c>, <c>9s</c>, <c>1m30s</c>, <c>2h</c>; a bare number is seconds.</summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
            return false;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var bare))
        {
            duration = TimeSpan.FromSeconds(bare);
            return true;
        }
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                i++;
            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                return false;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
                i++;
            TimeSpan? unit = text[unitStart..i] switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" or "min" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => null,
            };
            if (unit is null)
                return false;
            duration += unit.Value * value;
        }
        return true;
    }

    /// <summary>
    /// A duration as a person would type it, so <see cref="TryParse"/> reads it back exactly: in the largest unit that
    /// counts it whole (180d, 2m, 1s, 20ms), or in the next smaller one when the largest counts it once and that one
    /// sixty times or fewer (24h rather than 1d, 60s rather than 1m); null when no unit counts it whole.
    /// </summary>
    public static string? Spell(TimeSpan duration)
    {
        (TimeSpan Unit, string Name)[] units =
            [(TimeSpan.FromDays(1), "d"), (TimeSpan.FromHours(1), "h"), (TimeSpan.FromMinutes(1), "m"), (TimeSpan.FromSeconds(1), "s"), (TimeSpan.FromMilliseconds(1), "ms")];
        for (var i = 0; i < units.Length; i++)
        {
            var (unit, name) = units[i];
            if (duration.Ticks <= 0 || duration.Ticks % unit.Ticks != 0)
                continue;
            var count = duration.Ticks / unit.Ticks;
            if (count == 1 && i + 1 < units.Length && unit.Ticks / units[i + 1].Unit.Ticks <= 60)
                (count, name) = (unit.Ticks / units[i + 1].Unit.Ticks, units[i + 1].Name);
            return string.Create(CultureInfo.InvariantCulture, $"{count}{name}");
        }
        return null;
    }

    /// <summary>A call's length so far, as the panel and the end-of-call line show it: 0:42, 1:02:03.</summary>
    public static string Format(TimeSpan duration) =>
        duration.TotalHours >= 1 ? duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : duration.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
