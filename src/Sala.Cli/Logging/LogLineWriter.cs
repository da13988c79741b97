using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sala.Cli.Logging;

/// <summary>
/// Writes log events to a text writer, one line each, as text (<c>time LEVEL message</c>, with the exception's type
/// and message on the same line) or as one JSON object (time, level, category, event, message, each field of the
/// message, and the whole exception). Lines are written whole and in order, under one lock.
/// </summary>
internal sealed class LogLineWriter(TextWriter writer, LogFormat format, TimeProvider time)
{
    private const string OriginalFormat = "{OriginalFormat}";

    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _json = new(512);

    public LogFormat Format => format;

    public void Write<TState>(
        string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (format == LogFormat.Json)
                writer.WriteLine(Json(now, category, level, eventId, message, state as IReadOnlyList<KeyValuePair<string, object?>>, exception));
            else
                writer.WriteLine(Text(now, level, message, exception));
            writer.Flush();
        }
    }

    /// <summary>
    /// A line that is shown whatever the level (the server's address when it starts, its stopping): plain in text, as
    /// people and scripts read it today, and an Information event in JSON, so that output stays one object a line.
    /// </summary>
    public void Announce(string category, string message)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            writer.WriteLine(format == LogFormat.Json
                ? Json(now, category, LogLevel.Information, new EventId(0, "Announcement"), message, null, null)
                : message);
            writer.Flush();
        }
    }

    private static string Text(DateTimeOffset now, LogLevel level, string message, Exception? exception)
    {
        var line = new StringBuilder(message.Length + 40)
            .Append(now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Append(' ').Append(LevelWord(level)).Append(' ').Append(message);
        for (var cause = exception; cause is not null; cause = cause.InnerException)
            line.Append(cause == exception ? ": " : " <- ").Append(cause.GetType().Name).Append(": ").Append(cause.Message.ReplaceLineEndings(" "));
        return line.ToString();
    }

    private string Json(
        DateTimeOffset now, string category, LogLevel level, EventId eventId, string message,
        IReadOnlyList<KeyValuePair<string, object?>>? fields, Exception? exception)
    {
        _json.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_json))
        {
            json.WriteStartObject();
            json.WriteString("time", now.UtcDateTime);
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            if (eventId.Name is { } name)
                json.WriteString("event", name);
            json.WriteString("message", message);
            if (fields is not null)
            {
                foreach (var (key, value) in fields)
                {
                    if (key == OriginalFormat || key is "time" or "level" or "category" or "event" or "message" or "exception")
                        continue;
                    WriteField(json, key, value);
                }
            }
            if (exception is not null)
                json.WriteString("exception", exception.ToString());
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    private static void WriteField(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int or long or short or byte or uint or ushort:
                json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double d when double.IsFinite(d):
                json.WriteNumber(key, d);
                break;
            default:
                json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string LevelWord(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "CRIT",
    };
}
