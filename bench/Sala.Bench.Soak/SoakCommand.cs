using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Sala.Calls.Transport;
using Sala.Cli.Parsing;
using Sala.Media.Codecs;

namespace Sala.Bench.Soak;

/// <summary>The soaks' command line: <c>registry</c>, <c>call</c> and <c>drift</c>, each with the options docs/benchmarks.md gives.</summary>
internal static class SoakCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Soak tools: long runs that watch memory, sockets, threads and audio for leaks, stalls and gaps (docs/benchmarks.md).")
        {
            Registry(),
            Call(),
            Drift(),
        };
        return root;
    }

    private static Command Registry()
    {
        var cycles = new Option<int>("--cycles") { Description = "Register, look up and disconnect cycles", DefaultValueFactory = _ => 10_000 }
            .ParsedBy(Numbers.From(1, what: "a count"));
        var connections = new Option<int>("--connections") { Description = "Connections cycling at once", DefaultValueFactory = _ => 100 }
            .ParsedBy(Numbers.From(1, what: "a count"));
        var command = new Command("registry", "Register/look-up/disconnect cycles against an in-process registry, sampling its memory, sockets, threads and connections")
        {
            cycles, connections,
        };
        command.SetAction(result => RegistrySoak.RunAsync(result.GetValue(cycles), result.GetValue(connections)));
        return command;
    }

    private static Command Call()
    {
        var minutes = Minutes();
        var impair = new Option<string>("--impair") { Description = "Impairment of both directions", DefaultValueFactory = _ => "loss=5%,jitter=30ms" }
            .ParsedBy(ParseImpairment);
        var codec = new Option<string>("--codec")
        {
            Description = "Codec of the call",
            DefaultValueFactory = _ => AudioCodecs.OpusName,
            HelpName = string.Join('|', AudioCodecs.Names),
        }.ParsedBy(Choice.AmongNames(AudioCodecs.Names));
        var mic = Choice.Option("--mic", "What both sides send: steady tones, or speech-like sound with pauses", SoakSound.Tone);
        var command = new Command("call", "A long two-way call through the impairment layer, sampling the jitter buffer")
        {
            minutes, impair, codec, mic,
        };
        command.SetAction(result => CallSoak.RunAsync(
            TimeSpan.FromMinutes(result.GetValue(minutes)), result.GetValue(impair)!, result.GetValue(codec)!, mic.ValueIn(result) == SoakSound.Speech));
        return command;
    }

    private static Command Drift()
    {
        var minutes = Minutes();
        var ppm = new Option<double>("--ppm") { Description = "How far apart the two sound cards' clocks run, in parts per million", DefaultValueFactory = _ => 100 }
            .ParsedBy(Numbers.AtLeast(0, "a drift in ppm"));
        var command = new Command("drift", "A long call between two simulated sound cards whose clocks disagree; both recordings checked for gaps and skips")
        {
            minutes, ppm,
        };
        command.SetAction(result => DriftSoak.RunAsync(TimeSpan.FromMinutes(result.GetValue(minutes)), result.GetValue(ppm)));
        return command;
    }

    private static Option<double> Minutes() =>
        new Option<double>("--minutes") { Description = "How long the call lasts", DefaultValueFactory = _ => 10 }
            .ParsedBy(Numbers.AtLeast(0.1, "a number of minutes"));

    private static bool ParseImpairment(string text, [NotNullWhen(true)] out string? checkedText, [NotNullWhen(false)] out string? whyNot)
    {
        checkedText = Impairment.TryParse(text, out _, out whyNot) ? text : null;
        whyNot ??= checkedText is null ? $"'{text}' is not an impairment such as loss=5%,jitter=30ms" : null;
        return checkedText is not null;
    }
}
