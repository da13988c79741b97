using System.CommandLine;
using System.CommandLine.Help;
using Sala.Cli.Client;
using Sala.Cli.Parsing;

namespace Sala.Cli;

/// <summary>
/// The <c>sala</c> command and its subcommands. A command line System.CommandLine refuses (a value of the wrong
/// type, out of range, an unknown option) exits 2, as README promises for bad options (<see cref="ParseErrors"/>).
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
        return parsed.InvokeOrReportAsync(CommandName(parsed), errors, cancellationToken);
    }

    /// <summary>"sala server": the command the errors are about, as typed.</summary>
    public static string CommandName(ParseResult parsed) =>
        parsed.CommandResult.Command is RootCommand ? "sala" : $"sala {parsed.CommandResult.Command.Name}";
}
