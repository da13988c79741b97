namespace Sala.Cli.Tests.CommandLine;

/// <summary>
/// A value of the wrong type or out of range, on each command, is refused while parsing: one line naming the option
/// and why, exit 2, and the command's action never runs (no socket opened, no file made).
/// </summary>
public sealed class BadValueTests
{
    [Theory]
    [InlineData("server", "--idle-timeout", "5x", "sala server: --idle-timeout: '5x' is not a duration of at least 1ms, such as 60s")]
    [InlineData("server", "--claim-ttl", "30s", "sala server: --claim-ttl: '30s' is not a duration of at least 60s, such as 180d")]
    [InlineData("server", "--port", "65536", "sala server: --port: '65536' is not a port from 0 to 65535")]
    [InlineData("server", "--port", "abc", "sala server: --port: 'abc' is not a port from 0 to 65535")]
    [InlineData("server", "--metrics-port", "0", "sala server: --metrics-port: '0' is not a port from 1 to 65535")]
    [InlineData("server", "--max-connections", "-1", "sala server: --max-connections: '-1' is not a count of 0 or more")]
    [InlineData("server", "--poll-threads", "65", "sala server: --poll-threads: '65' is not a count from 0 to 64")]
    [InlineData("server", "--request-rate", "NaN", "sala server: --request-rate: 'NaN' is not a rate of 0 or more")]
    [InlineData("server", "--bind", "example.org", "sala server: --bind: 'example.org' is not an IP address")]
    [InlineData("server", "--store", "mongodb://db", "sala server: --store: ")]
    [InlineData("server", "--log-format", "xml", "sala server: --log-format: 'xml' is not one of text, json")]
    [InlineData("server", "--log-level", "3", "sala server: --log-level: '3' is not one of trace, debug, information, warning, error, critical, none")]
    [InlineData("client", "--hangup-after", "soon", "sala client: --hangup-after: 'soon' is not a duration of at least 1ms, such as 9s or 1m30s")]
    [InlineData("client", "--udp-port", "70000", "sala client: --udp-port: '70000' is not a port from 0 to 65535")]
    [InlineData("client", "--answer", "maybe", "sala client: --answer: 'maybe' is not one of ask, yes, no")]
    [InlineData("client", "--answer", "1", "sala client: --answer: '1' is not one of ask, yes, no")]
    [InlineData("client", "--dtx", "auto", "sala client: --dtx: 'auto' is not one of on, off")]
    [InlineData("client", "--echo-cancellation", "maybe", "sala client: --echo-cancellation: 'maybe' is not one of auto, on, off")]
    [InlineData("client", "--codec", "mp3", "sala client: --codec: 'mp3' is not one of opus, pcm")]
    [InlineData("client", "--frame", "30ms", "sala client: --frame: '30ms' is not one of 10ms, 20ms, 40ms, 60ms")]
    [InlineData("client", "--frame", "10", "sala client: --frame: '10' is not one of 10ms, 20ms, 40ms, 60ms")]
    [InlineData("client", "--mic", "tone:5", "sala client: --mic: tone:HZ takes a frequency from 20 to 20000")]
    [InlineData("client", "--stun", "tls://stun.example.org", "sala client: --stun: STUN is plain UDP")]
    [InlineData("client", "--server", "host:port", "sala client: --server: ")]
    [InlineData("demo", "--seconds", "61", "sala demo: --seconds: '61' is not a number of seconds from 1 to 60")]
    [InlineData("demo", "--codec", "PCMU", "sala demo: --codec: 'PCMU' is not one of opus, pcm")]
    [InlineData("demo", "--impair", "loss=lots", "sala demo: --impair: ")]
    [InlineData("identity", "--server", "host:99999", "sala identity: --server: ")]
    public async Task A_bad_value_is_one_line_naming_the_option_and_exit_2(string command, string option, string value, string error)
    {
        using var errors = new StringWriter();
        Assert.Equal(2, await SalaCommandLine.RunAsync([command, option, value], errors));
        var line = Assert.Single(Lines(errors));
        Assert.StartsWith(error, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_value_is_reported_not_only_the_first()
    {
        using var errors = new StringWriter();
        Assert.Equal(2, await SalaCommandLine.RunAsync(["client", "--codec", "mp3", "--answer", "maybe", "--frame", "5s", "--udp-port", "-1"], errors));
        Assert.Equal(
            ["--answer", "--codec", "--frame", "--udp-port"],
            Lines(errors).Select(l => l.Split(':')[1].Trim()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_relay_without_its_port_is_refused_with_an_example()
    {
        using var errors = new StringWriter();
        Assert.Equal(2, await SalaCommandLine.RunAsync(["server", "--turn", "turn.example.org", "--turn-secret", "s3cret"], errors));
        Assert.Equal(["sala server: --turn: 'turn.example.org' is not HOST:PORT, such as turn.example.org:3478"], Lines(errors));
    }

    [Theory]
    [InlineData("server", "--turn", "turn.example.org:3478", "sala server: --turn needs --turn-secret SECRET")]
    [InlineData("server", "--turn-secret", "s3cret", "sala server: --turn-secret needs --turn HOST:PORT")]
    [InlineData("server", "--tls-key", "key.pem", "sala server: --tls-key needs --tls-cert FILE")]
    [InlineData("identity", "--release", "alice", "sala identity: --release needs the registry: --server HOST:PORT")]
    public async Task An_option_that_needs_another_says_which(string command, string option, string value, string error)
    {
        using var errors = new StringWriter();
        Assert.Equal(2, await SalaCommandLine.RunAsync([command, option, value], errors));
        Assert.Equal([error], Lines(errors));
    }

    [Theory]
    [InlineData("--answer", "YES")]
    [InlineData("--dtx", "Off")]
    [InlineData("--log-format", "JSON")]
    [InlineData("--frame", "0.04s")]
    [InlineData("--frame", "10ms")]
    [InlineData("--codec", "PCM")]
    public void Choices_are_read_in_any_case_and_durations_in_any_unit(string option, string value) =>
        Assert.Empty(SalaCommandLine.Create().Parse(["client", option, value]).Errors);

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
