using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Sala.Cli.Parsing;

namespace Sala.Bench.Load;

internal sealed record LoadOptions(
    int Connections, TimeSpan Duration, TimeSpan Warmup, IPEndPoint? Registry, IPEndPoint? Redis, bool InProcess, int Hold = 0, bool Tls = false,
    int Rounds = 3)
{
    /// <summary>The figures of docs/benchmarks.md were measured with these unless it says otherwise.</summary>
    public static readonly LoadOptions Defaults = new(50, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), null, null, false);

    private const string Description = """
        Sala registry load: N connections register N users, then send GET back to back (one at a time, then 16 in
        flight) to the registry and to a redis-server, and compare the two. The two take turns, in several rounds,
        and the comparison takes each one's rounds together.
        Without --registry it runs `sala server` (in-memory store) as a child process, or with --in-process inside this
        process (and reports the bytes allocated per request); without --redis it starts a redis-server.
        Capacity instead: --hold 19500 (see docs/benchmarks.md), or --hold 5000 --tls (plain, then TLS).
        """;

    /// <summary>The tool's command line; <paramref name="run"/> is given the options once they parse.</summary>
    public static RootCommand Command(Func<LoadOptions, Task<int>> run)
    {
        var connections = new Option<int>("--connections")
        {
            Description = "Connections, each registering one user",
            DefaultValueFactory = _ => Defaults.Connections,
        }.ParsedBy(Numbers.From(1, what: "a count"));
        var seconds = new Option<double>("--seconds")
        {
            Description = "Seconds measured per server, depth and round",
            DefaultValueFactory = _ => Defaults.Duration.TotalSeconds,
        }.ParsedBy(Numbers.AtLeast(0.1, "a number of seconds"));
        var warmup = new Option<double>("--warmup")
        {
            Description = "Seconds of load before each run is measured",
            DefaultValueFactory = _ => Defaults.Warmup.TotalSeconds,
        }.ParsedBy(Numbers.AtLeast(0, "a number of seconds"));
        var registry = new Option<IPEndPoint?>("--registry") { Description = "An already running registry (HOST:PORT, an IP address) instead of starting one" }
            .ParsedBy(ParseEndPoint);
        var inProcess = new Option<bool>("--in-process") { Description = "Host the registry in this process and print the bytes allocated per request" };
        var redis = new Option<IPEndPoint?>("--redis") { Description = "An already running redis-server (HOST:PORT, an IP address) instead of starting one" }
            .ParsedBy(ParseEndPoint);
        var hold = new Option<int>("--hold")
        {
            Description = "Capacity instead of speed: hold this many registered connections and report the server's memory (0: off)",
            DefaultValueFactory = _ => Defaults.Hold,
        }.ParsedBy(Numbers.From(0, what: "a count"));
        var rounds = new Option<int>("--rounds")
        {
            Description = "Rounds in which the registry and Redis take turns",
            DefaultValueFactory = _ => Defaults.Rounds,
        }.ParsedBy(Numbers.From(1, what: "a count"));
        var tls = new Option<bool>("--tls") { Description = "With --hold: measure a plain server, then one speaking TLS" };
        var command = new RootCommand(Description) { connections, seconds, warmup, rounds, registry, inProcess, redis, hold, tls };
        command.SetAction(result => run(new LoadOptions(
            result.GetValue(connections),
            TimeSpan.FromSeconds(result.GetValue(seconds)),
            TimeSpan.FromSeconds(result.GetValue(warmup)),
            result.GetValue(registry),
            result.GetValue(redis),
            result.GetValue(inProcess),
            result.GetValue(hold),
            result.GetValue(tls),
            result.GetValue(rounds))));
        return command;
    }

    private static bool ParseEndPoint(string text, out IPEndPoint? endPoint, [NotNullWhen(false)] out string? whyNot)
    {
        whyNot = IPEndPoint.TryParse(text, out endPoint) && endPoint.Port != 0 ? null : $"'{text}' is not IP:PORT, such as 127.0.0.1:7070";
        return whyNot is null;
    }
}
