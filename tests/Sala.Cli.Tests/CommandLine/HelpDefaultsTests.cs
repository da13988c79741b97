using System.CommandLine;
using System.Text.RegularExpressions;
using Sala.Calls;
using Sala.Cli.Client;
using Sala.Registry;
using Sala.Registry.Redis;

namespace Sala.Cli.Tests.CommandLine;

/// <summary>
/// <c>--help</c> states each default once, as it is typed, and it is the options class's own: the value an option
/// has when it is left out is the one help shows, and typing what help shows gives that value.
/// </summary>
public sealed partial class HelpDefaultsTests
{
    [GeneratedRegex(@"^\s+(?<option>--[a-z-]+)\b.*?(\[default: (?<default>[^\]]+)\])?$")]
    private static partial Regex OptionRow();

    [Theory]
    [InlineData("server")]
    [InlineData("client")]
    [InlineData("demo")]
    [InlineData("identity")]
    public void Each_option_states_its_default_at_most_once_and_it_parses_back(string command)
    {
        var rows = HelpRows(command);
        Assert.NotEmpty(rows);
        foreach (var (option, row, shown) in rows)
        {
            Assert.True(Regex.Count(row, @"\(default |\[default: ") <= 1, $"{command} {option} states its default twice: {row}");
            if (shown is not null)
                Assert.Empty(SalaCommandLine.Create().Parse([command, option, shown]).Errors);
        }
    }

    [Fact]
    public void The_server_shows_the_registry_options_defaults()
    {
        var shown = Defaults("server");
        Assert.Equal($"{RegistryServerOptions.DefaultPort}", shown["--port"]);
        Assert.Equal("0.0.0.0", shown["--bind"]);
        Assert.Equal($"{RegistryServerOptions.DefaultMaxConnections}", shown["--max-connections"]);
        Assert.Equal($"{RegistryServerOptions.DefaultMaxConnectionsPerAddress}", shown["--max-connections-per-address"]);
        Assert.Equal($"{RegistryServerOptions.DefaultRequestsPerSecond}", shown["--request-rate"]);
        Assert.Equal($"{RegistryServerOptions.DefaultRequestBurst}", shown["--request-burst"]);
        Assert.Equal($"{RegistryServerOptions.DefaultPollThreads}", shown["--poll-threads"]);
        Assert.Equal(RegistryServerOptions.DefaultIdleTimeout, Duration(shown["--idle-timeout"]));
        Assert.Equal(RegistryServerOptions.DefaultLineTimeout, Duration(shown["--line-timeout"]));
        Assert.Equal(RegistryServerOptions.DefaultClaimTtl, Duration(shown["--claim-ttl"]));
        Assert.Equal(RedisRegistryStoreOptions.DefaultLeaseTtl, Duration(shown["--lease-ttl"]));
        Assert.Equal(TurnRelayOptions.DefaultLifetime, Duration(shown["--turn-ttl"]));
        Assert.Equal("text", shown["--log-format"]);
    }

    [Fact]
    public void The_client_shows_the_client_options_defaults()
    {
        var defaults = new ClientOptions();
        var shown = Defaults("client");
        Assert.Equal($"{defaults.UdpPort}", shown["--udp-port"]);
        Assert.Equal(defaults.Answer.ToString().ToLowerInvariant(), shown["--answer"]);
        Assert.Equal(defaults.Codec, shown["--codec"]);
        Assert.Equal(defaults.Microphone.Text, shown["--mic"]);
        Assert.Equal(defaults.Speaker.Text, shown["--speaker"]);
        Assert.Equal(defaults.EchoCancellation.ToString().ToLowerInvariant(), shown["--echo-cancellation"]);
        Assert.Equal(defaults.NoiseSuppression.ToString().ToLowerInvariant(), shown["--noise-suppression"]);
        Assert.Equal(CallAgentOptions.DefaultDtx ? "on" : "off", shown["--dtx"]);
        Assert.Equal(TimeSpan.FromMilliseconds(defaults.PacketTime), Duration(shown["--frame"]));
    }

    [Theory]
    [InlineData("server")]
    [InlineData("client")]
    public void An_option_left_out_has_the_value_its_help_shows(string command)
    {
        var root = SalaCommandLine.Create();
        var options = root.Subcommands.Single(c => c.Name == command).Options;
        var absent = root.Parse([command]);
        foreach (var (option, shown) in Defaults(command))
        {
            var typed = root.Parse([command, option, shown]);
            var symbol = options.Single(o => o.Name == option);
            Assert.Equal(ValueOf(symbol, typed), ValueOf(symbol, absent));
        }
    }

    /// <summary>What the command's action reads: <c>ValueIn</c> for the options that keep their own default.</summary>
    private static object? ValueOf(Option option, ParseResult result) => option switch
    {
        Sala.Cli.Parsing.DefaultedOption<TimeSpan> duration => duration.ValueIn(result),
        Sala.Cli.Parsing.DefaultedOption<int> number => number.ValueIn(result),
        Sala.Cli.Parsing.DefaultedOption<AnswerMode> answer => answer.ValueIn(result),
        Sala.Cli.Parsing.DefaultedOption<Switch> choice => choice.ValueIn(result),
        Sala.Cli.Parsing.DefaultedOption<Sala.Cli.Logging.LogFormat> format => format.ValueIn(result),
        Sala.Cli.Parsing.DefaultedOption<Sala.Calls.Devices.AudioDeviceSpec> device => device.ValueIn(result),
        _ => result.GetValue<object?>(option.Name),
    };

    private static TimeSpan Duration(string text)
    {
        Assert.True(DurationText.TryParse(text, out var duration), text);
        return duration;
    }

    private static Dictionary<string, string> Defaults(string command) =>
        HelpRows(command).Where(r => r.Shown is not null).ToDictionary(r => r.Option, r => r.Shown!);

    private static List<(string Option, string Row, string? Shown)> HelpRows(string command)
    {
        using var output = new StringWriter();
        var exit = SalaCommandLine.Create().Parse([command, "--help"]).Invoke(new InvocationConfiguration { Output = output });
        Assert.Equal(0, exit);
        var rows = new List<(string, string, string?)>();
        foreach (var line in output.ToString().Split('\n'))
        {
            var match = OptionRow().Match(line.TrimEnd());
            if (match.Success)
                rows.Add((match.Groups["option"].Value, line, match.Groups["default"].Success ? match.Groups["default"].Value : null));
        }
        return rows;
    }
}
