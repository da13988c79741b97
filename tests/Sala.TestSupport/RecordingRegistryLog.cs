using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sala.Testing;

/// <summary>A logger with every level on that keeps each formatted message, its level and its exception.</summary>
public sealed class RecordingRegistryLog : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Line, Exception? Exception)> _events = new();

    public IReadOnlyCollection<string> Lines => _events.Select(e => e.Line).ToList();

    public IReadOnlyCollection<(LogLevel Level, string Line, Exception? Exception)> Events => _events;

    public int Count(string fragment) => _events.Count(e => e.Line.Contains(fragment, StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _events.Enqueue((logLevel, formatter(state, exception), exception));
}
