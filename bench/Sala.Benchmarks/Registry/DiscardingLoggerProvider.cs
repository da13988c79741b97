using Microsoft.Extensions.Logging;

namespace Sala.Benchmarks.Registry;

/// <summary>A provider whose loggers format each event they are given and keep nothing: the cost of logging, not of writing.</summary>
internal sealed class DiscardingLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new DiscardingLogger();

    public void Dispose()
    {
    }

    private sealed class DiscardingLogger : ILogger
    {
        public int Length { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Length = formatter(state, exception).Length;
    }
}
