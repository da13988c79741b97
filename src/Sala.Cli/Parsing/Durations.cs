using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Sala.Cli.Parsing;

/// <summary>Duration options (<c>Option&lt;TimeSpan&gt;</c>) typed as <see cref="DurationText"/> reads them: 500ms, 30s, 1m30s, 24h, 180d.</summary>
internal static class Durations
{
    private const string HelpName = "duration";

    public static ValueParser<TimeSpan> AtLeast(TimeSpan minimum, string example) =>
        (string text, [MaybeNullWhen(false)] out TimeSpan value, [NotNullWhen(false)] out string? whyNot) =>
        {
            if (DurationText.TryParse(text, out value) && value >= minimum)
            {
                whyNot = null;
                return true;
            }
            whyNot = $"'{text}' is not a duration of at least {DurationText.Spell(minimum)}, such as {example}";
            return false;
        };

    /// <summary>A duration with a default (an options class's), refused below <paramref name="minimum"/>.</summary>
    public static DefaultedOption<TimeSpan> Option(string name, string description, TimeSpan defaultValue, TimeSpan minimum)
    {
        var spelled = DurationText.Spell(defaultValue)
            ?? throw new ArgumentException($"{name}: the default {defaultValue} has no single-unit spelling", nameof(defaultValue));
        return new DefaultedOption<TimeSpan>(name, description, defaultValue, spelled, AtLeast(minimum, spelled)) { HelpName = HelpName };
    }

    /// <summary>A duration with no default: absent is null.</summary>
    public static Option<TimeSpan?> Optional(string name, string description, TimeSpan minimum, string example) =>
        new Option<TimeSpan?>(name) { Description = description, HelpName = HelpName }.ParsedBy(AtLeast(minimum, example));
}
