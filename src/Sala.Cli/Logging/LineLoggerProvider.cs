using Microsoft.Extensions.Logging;

namespace Sala.Cli.Logging;

/// <summary>Loggers that write through one <see cref="LogLineWriter"/>; the factory filters by level before them.</summary>
internal sealed class LineLoggerProvider(LogLineWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, writer);

    public void Dispose()
    {
    }

    private sealed class LineLogger(string category, LogLineWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                writer.Write(category, logLevel, eventId, state, exception, formatter);
        }
    }
}
