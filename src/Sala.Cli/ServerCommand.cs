using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Sala.Registry;

namespace Sala.Cli;

/// <summary><c>sala server</c>: runs the registry until Ctrl+C or SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = $"TCP port to listen on (default {RegistryServerOptions.DefaultPort}; 0 picks a free one)",
            DefaultValueFactory = _ => RegistryServerOptions.DefaultPort,
        };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
                r.AddError("--port must be from 0 to 65535");
        });
        var bind = new Option<string>("--bind")
        {
            Description = "Address to listen on (default: all interfaces)",
            DefaultValueFactory = _ => "0.0.0.0",
        };
        var idle = new Option<string>("--idle-timeout")
        {
            Description = "Close connections silent for this long (default 60s)",
            DefaultValueFactory = _ => "60s",
        };
        var quiet = new Option<bool>("--quiet") { Description = "Log only start and stop, not every request" };
        var command = new Command("server", "Run the registry server") { port, bind, idle, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!IPAddress.TryParse(result.GetValue(bind), out var bindAddress))
                return Fail($"--bind: '{result.GetValue(bind)}' is not an IP address");
            if (!DurationText.TryParse(result.GetValue(idle), out var idleTimeout) || idleTimeout <= TimeSpan.Zero)
                return Fail($"--idle-timeout: '{result.GetValue(idle)}' is not a duration such as 60s or 5m");
            var options = new RegistryServerOptions { Bind = bindAddress, Port = result.GetValue(port), IdleTimeout = idleTimeout };
            return await RunAsync(options, result.GetValue(quiet), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RegistryServerOptions options, bool quiet, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        IRegistryLog log = quiet ? NullRegistryLog.Instance : new TextWriterRegistryLog(Console.Out, time);
        await using var server = new RegistryServer(options, new InMemoryRegistryStore(), time, log);
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return Fail($"cannot listen on {options.Bind}:{options.Port}: {ex.Message}");
        }
        foreach (var address in ReachableAddresses.For(options.Bind))
            Console.WriteLine($"Sala registry listening on {address}:{server.LocalEndPoint.Port}");
        Console.Out.Flush();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        Console.WriteLine("Sala registry stopping");
        await server.StopAsync();
        Console.WriteLine("Sala registry stopped");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sala server: {message}");
        return 2;
    }
}
