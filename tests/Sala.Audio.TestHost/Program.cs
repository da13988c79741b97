using Sala.Audio.TestHost;

return HostCommands.Run(args);
