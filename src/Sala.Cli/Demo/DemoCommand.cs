using System.CommandLine;
using Sala.Calls.Transport;
using Sala.Media.Codecs;

namespace Sala.Cli.Demo;

/// <summary><c>sala demo</c>: a registry and two users in one process, one call, no sound card needed.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Where to write what the callee heard (WAV)",
            DefaultValueFactory = _ => "sala-demo-callee.wav",
        };
        var seconds = new Option<int>("--seconds") { Description = "Length of the spoken clip (1 to 60)", DefaultValueFactory = _ => 4 };
        var codec = new Option<string>("--codec") { Description = "opus or pcm", DefaultValueFactory = _ => AudioCodecs.OpusName };
        var impair = new Option<string?>("--impair") { Description = "Impair both directions, e.g. loss=10%,jitter=30ms" };
        var command = new Command("demo", "Run a registry and two users on this machine and make one call between them")
        {
            output, seconds, codec, impair,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var codecName = result.GetValue(codec)?.ToLowerInvariant() ?? AudioCodecs.OpusName;
            if (!AudioCodecs.Names.Contains(codecName))
                return Fail("--codec must be opus or pcm");
            if (result.GetValue(seconds) is < 1 or > 60)
                return Fail("--seconds must be from 1 to 60");
            if (!Impairment.TryParse(result.GetValue(impair), out var impairment, out var whyNot))
                return Fail($"--impair: {whyNot}");
            var path = Path.GetFullPath(result.GetValue(output)!);
            if (!Directory.Exists(Path.GetDirectoryName(path)))
                return Fail($"--out: no such folder for {path}");
            var demo = new DemoRun(Console.Out, TimeProvider.System, codecName, TimeSpan.FromSeconds(result.GetValue(seconds)), impairment!, path);
            return await demo.RunAsync(cancellationToken);
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sala demo: {message}");
        return 2;
    }
}
