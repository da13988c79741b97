using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Sala.Calls.Transport;
using Sala.Cli.Parsing;
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
        var seconds = new Option<int>("--seconds") { Description = "Length of the spoken clip", DefaultValueFactory = _ => 4 }
            .ParsedBy(Numbers.From(1, 60, "a number of seconds"));
        var codec = new Option<string>("--codec")
        {
            Description = "Codec the two users call with",
            DefaultValueFactory = _ => AudioCodecs.OpusName,
            HelpName = string.Join('|', AudioCodecs.Names),
        }.ParsedBy(Choice.AmongNames(AudioCodecs.Names));
        var impair = new Option<Impairment?>("--impair") { Description = "Impair both directions, e.g. loss=10%,jitter=30ms" }.ParsedBy(ParseImpairment);
        var command = new Command("demo", "Run a registry and two users on this machine and make one call between them")
        {
            output, seconds, codec, impair,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = Path.GetFullPath(result.GetValue(output)!);
            if (!Directory.Exists(Path.GetDirectoryName(path)))
                return Fail($"--out: no such folder for {path}");
            var impairment = result.GetValue(impair) ?? new Impairment();
            var demo = new DemoRun(Console.Out, TimeProvider.System, result.GetValue(codec)!, TimeSpan.FromSeconds(result.GetValue(seconds)), impairment, path);
            return await demo.RunAsync(cancellationToken);
        });
        return command;
    }

    private static bool ParseImpairment(string text, out Impairment? impairment, [NotNullWhen(false)] out string? whyNot) =>
        Impairment.TryParse(text, out impairment, out whyNot);

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sala demo: {message}");
        return 2;
    }
}
