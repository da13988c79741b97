using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Sala.Cli.Client;

namespace Sala.Cli;

/// <summary>
/// The <c>sala</c> command and its subcommands. A command line System.CommandLine refuses (a value of the wrong
/// type, out of range, an unknown option) is one line per problem on standard error, "sala server: --port: ...", and
/// exit 2, as README promises for bad options; the help is not repeated after it (<c>--help</c> shows it).
/// </summary>
internal static class SalaCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Sala: peer-to-peer voice calls with a registry of who is online.");
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(ClientCommand.Create());
        root.Subcommands.Add(Demo.DemoCommand.Create());
        root.Subcommands.Add(Identity.IdentityCommand.Create());
        // Plain `sala` lists its commands rather than saying one is missing.
        root.SetAction(result =>
        {
            new HelpAction().Invoke(result);
            return ExitCodes.Usage;
        });
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var parsed = Create().Parse(args);
        if (parsed.Action is not ParseErrorAction)
            return parsed.InvokeAsync(cancellationToken: cancellationToken);
        foreach (var error in parsed.Errors)
            errors.WriteLine($"{CommandName(parsed)}: {error.Message}");
        return Task.FromResult(ExitCodes.Usage);
    }

    /// <summary>"sala server": the command the errors are about, as typed.</summary>
    public static string CommandName(ParseResult parsed) =>
        parsed.CommandResult.Command is RootCommand ? "sala" : $"sala {parsed.CommandResult.Command.Name}";
}
