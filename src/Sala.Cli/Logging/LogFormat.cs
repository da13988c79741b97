namespace Sala.Cli.Logging;

/// <summary>How <c>--log-format</c> writes a log event: a line for people, or one JSON object a line for journald or Loki.</summary>
internal enum LogFormat
{
    Text,
    Json,
}
