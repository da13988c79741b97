using System.CommandLine;

namespace Sala.Cli.Parsing;

/// <summary>
/// An option whose default is shown in help as it is typed ("60s", "text", "default"). System.CommandLine shows
/// a default with <c>ToString()</c>, which prints a <see cref="TimeSpan"/> as 00:01:00 and an enum as Text: such
/// options keep their default here instead, from the options class, and it appears in help once, in the same
/// "[default: ...]" form as the others. Read it with <see cref="ValueIn"/>: <c>GetValue</c> gives <c>default(T)</c>
/// when the option is absent.
/// </summary>
internal sealed class DefaultedOption<T> : Option<T>
    where T : notnull
{
    public DefaultedOption(string name, string description, T defaultValue, string spelledDefault, ValueParser<T> parser)
        : base(name)
    {
        Default = defaultValue;
        Description = $"{description} [default: {spelledDefault}]";
        this.ParsedBy(parser);
    }

    public T Default { get; }

    /// <summary>The value given, or <see cref="Default"/> when the option is absent.</summary>
    public T ValueIn(ParseResult result) => result.GetResult(this) is null ? Default : result.GetValue(this)!;
}
