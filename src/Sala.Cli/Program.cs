using Sala.Cli;

return await SalaCommandLine.RunAsync(args, Console.Error);
