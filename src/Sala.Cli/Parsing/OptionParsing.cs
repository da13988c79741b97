using System.CommandLine;
using System.CommandLine.Parsing;

namespace Sala.Cli.Parsing;

/// <summary>
/// Typed options (and arguments) read by a <see cref="ValueParser{T}"/>: a bad value is a System.CommandLine parse error,
/// "--name: why", so a command's action only ever sees values of its type, already checked.
/// </summary>
internal static class OptionParsing
{
    public static Option<T> ParsedBy<T>(this Option<T> option, ValueParser<T> parser)
    {
        option.CustomParser = result => Parse(option, result, parser);
        return option;
    }

    public static Option<T?> ParsedBy<T>(this Option<T?> option, ValueParser<T> parser)
        where T : struct
    {
        option.CustomParser = result => Parse(option, result, parser);
        return option;
    }

    /// <summary>
    /// Refuses <paramref name="option"/> without <paramref name="other"/>: "--turn needs --turn-secret SECRET". On
    /// the option, not the command: a command's failed check would hide every other option's error.
    /// </summary>
    public static void Requires(this Option option, Option other, string what) =>
        option.Validators.Add(result =>
        {
            if (result.GetResult(other) is null)
                result.AddError($"{option.Name} needs {what}");
        });

    public static Argument<T> ParsedBy<T>(this Argument<T> argument, ValueParser<T> parser)
    {
        argument.CustomParser = result => Parse(argument, result, parser);
        return argument;
    }

    private static T? Parse<T>(Symbol symbol, ArgumentResult result, ValueParser<T> parser)
    {
        // An option given twice is refused by System.CommandLine itself; the last word is read here either way.
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parser(text, out var value, out var whyNot))
            return value;
        result.AddError($"{symbol.Name}: {whyNot}");
        return default;
    }
}
