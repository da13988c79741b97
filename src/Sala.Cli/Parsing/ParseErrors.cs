using System.CommandLine;
using System.CommandLine.Invocation;

namespace Sala.Cli.Parsing;

/// <summary>
/// A refused command line is one line per problem on standard error, "sala server: --port: ...", and exit 2 (bad
/// usage), without the help System.CommandLine would print after it: the error stays on screen, and --help shows it.
/// </summary>
internal static class ParseErrors
{
    public const int ExitCode = 2;

    public static Task<int> InvokeOrReportAsync(this ParseResult parsed, string name, TextWriter errors, CancellationToken cancellationToken = default)
    {
        if (parsed.Action is not ParseErrorAction)
            return parsed.InvokeAsync(cancellationToken: cancellationToken);
        foreach (var error in parsed.Errors)
            errors.WriteLine($"{name}: {error.Message}");
        return Task.FromResult(ExitCode);
    }
}
