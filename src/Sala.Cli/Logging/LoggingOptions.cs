using System.CommandLine;
using Microsoft.Extensions.Logging;
using Sala.Cli.Parsing;

namespace Sala.Cli.Logging;

/// <summary>
/// <c>--log-level</c>, <c>--log-format</c> and <c>--quiet</c>, the same on <c>sala server</c> and <c>sala client</c>.
/// <c>--quiet</c> is short for <c>--log-level warning</c>; an explicit <c>--log-level</c> wins over it.
/// </summary>
internal sealed class LoggingOptions
{
    private readonly LogLevel _defaultLevel;

    public LoggingOptions(LogLevel defaultLevel, string quietDescription)
    {
        _defaultLevel = defaultLevel;
        var levels = Enum.GetValues<LogLevel>();
        // No "[default: ...]" from System.CommandLine: --quiet changes what an absent --log-level means.
        Level = new Option<LogLevel?>("--log-level")
        {
            Description = $"Least severe log events shown (default {Choice.Spelling(defaultLevel)}; debug shows each request)",
            HelpName = Choice.HelpName(levels),
        }.ParsedBy(Choice.Among(levels));
        Format = Choice.Option("--log-format", "text (a line for people) or json (one object a line, for journald or Loki)", LogFormat.Text);
        Quiet = new Option<bool>("--quiet") { Description = quietDescription };
    }

    public Option<LogLevel?> Level { get; }

    public DefaultedOption<LogFormat> Format { get; }

    public Option<bool> Quiet { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Level);
        command.Options.Add(Format);
        command.Options.Add(Quiet);
    }

    public LogLevel LevelFrom(ParseResult result) =>
        result.GetValue(Level) ?? (result.GetValue(Quiet) ? LogLevel.Warning : _defaultLevel);

    public SalaLogging Create(ParseResult result, TextWriter output, TimeProvider time) =>
        new(output, LevelFrom(result), Format.ValueIn(result), time);
}
