using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sala.Cli.Logging;

namespace Sala.Cli.Tests.Logging;

public sealed class LogLineWriterTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public void Text_is_one_line_with_the_time_the_level_and_each_cause_of_the_exception()
    {
        var output = new StringWriter();
        var writer = new LogLineWriter(output, LogFormat.Text, new FakeTimeProvider(Noon));
        var failure = new InvalidOperationException("outer\nproblem", new IOException("inner"));
        writer.Write("Sala.Test", LogLevel.Warning, new EventId(1, "Thing"), "state", failure, (s, _) => $"something {s}");
        Assert.Equal(
            "2026-11-30T12:00:00.250Z WARN something state: InvalidOperationException: outer problem <- IOException: inner" + Environment.NewLine,
            output.ToString());
    }

    [Fact]
    public void Announcements_are_plain_lines_in_text_and_information_objects_in_json()
    {
        var text = new StringWriter();
        new LogLineWriter(text, LogFormat.Text, new FakeTimeProvider(Noon)).Announce("Sala.Registry", "Sala registry stopped");
        Assert.Equal("Sala registry stopped" + Environment.NewLine, text.ToString());

        var json = new StringWriter();
        new LogLineWriter(json, LogFormat.Json, new FakeTimeProvider(Noon)).Announce("Sala.Registry", "Sala registry stopped");
        var line = Assert.Single(json.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Information", root.GetProperty("level").GetString());
        Assert.Equal("Sala registry stopped", root.GetProperty("message").GetString());
        Assert.Equal("2026-11-30T12:00:00.25Z", root.GetProperty("time").GetString());
    }

    [Fact]
    public void Json_keeps_a_multi_line_exception_inside_its_one_line()
    {
        var output = new StringWriter();
        var writer = new LogLineWriter(output, LogFormat.Json, new FakeTimeProvider(Noon));
        Exception thrown;
        try
        {
            throw new InvalidOperationException("broken");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }
        writer.Write("Sala.Test", LogLevel.Error, default, "x", thrown, (_, _) => "failed");
        var line = Assert.Single(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        var exception = JsonDocument.Parse(line).RootElement.GetProperty("exception").GetString();
        Assert.Contains("at Sala.Cli.Tests.Logging.LogLineWriterTests", exception, StringComparison.Ordinal);
    }
}
