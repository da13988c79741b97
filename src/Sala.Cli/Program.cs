using System.CommandLine;
using Sala.Cli;

var root = new RootCommand("Sala: peer-to-peer voice calls with a registry of who is online.");
root.Subcommands.Add(ServerCommand.Create());
root.Subcommands.Add(DevicesCommand.Create());
root.Subcommands.Add(Sala.Cli.Client.ClientCommand.Create());
root.Subcommands.Add(Sala.Cli.Demo.DemoCommand.Create());
root.Subcommands.Add(Sala.Cli.Identity.IdentityCommand.Create());
return await root.Parse(args).InvokeAsync();
