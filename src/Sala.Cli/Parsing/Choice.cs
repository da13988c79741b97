using System.Diagnostics.CodeAnalysis;

namespace Sala.Cli.Parsing;

/// <summary>
/// Enum options spelled as README writes them, in lower case (any case is accepted). Never a number:
/// <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would take "7" as a mode that does not exist.
/// </summary>
internal static class Choice
{
    public static string Spelling<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>"ask|yes|no": the help name of an option taking these values.</summary>
    public static string HelpName<T>(IReadOnlyList<T> choices)
        where T : struct, Enum => string.Join('|', choices.Select(Spelling));

    public static ValueParser<T> Among<T>(params T[] choices)
        where T : struct, Enum => (string text, [MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out string? whyNot) =>
    {
        foreach (var choice in choices)
        {
            if (string.Equals(text, Spelling(choice), StringComparison.OrdinalIgnoreCase))
            {
                value = choice;
                whyNot = null;
                return true;
            }
        }
        value = default;
        whyNot = $"'{text}' is not one of {string.Join(", ", choices.Select(Spelling))}";
        return false;
    };

    /// <summary>An option taking one of <paramref name="choices"/>, all of the enum unless given.</summary>
    public static DefaultedOption<T> Option<T>(string name, string description, T defaultValue, params T[] choices)
        where T : struct, Enum
    {
        choices = choices.Length > 0 ? choices : Enum.GetValues<T>();
        return new DefaultedOption<T>(name, description, defaultValue, Spelling(defaultValue), Among(choices))
        {
            HelpName = HelpName(choices),
        };
    }

    /// <summary>Names of things (codecs) as a choice: any case given, the list's own spelling kept.</summary>
    public static ValueParser<string> AmongNames(IReadOnlyList<string> names) =>
        (string text, [MaybeNullWhen(false)] out string value, [NotNullWhen(false)] out string? whyNot) =>
        {
            value = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            whyNot = value is null ? $"'{text}' is not one of {string.Join(", ", names)}" : null;
            return value is not null;
        };
}
