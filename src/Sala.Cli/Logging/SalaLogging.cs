using Microsoft.Extensions.Logging;

namespace Sala.Cli.Logging;

/// <summary>
/// The log of one <c>sala</c> command: a factory at the level asked for, writing through <see cref="Writer"/>.
/// Disposing it flushes nothing (every line is written when logged) but releases the factory.
/// </summary>
internal sealed class SalaLogging : IDisposable
{
    private readonly ILoggerFactory _factory;

    public SalaLogging(TextWriter output, LogLevel level, LogFormat format, TimeProvider time)
    {
        Level = level;
        Writer = new LogLineWriter(output, format, time);
        _factory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(level)
            .AddProvider(new LineLoggerProvider(Writer)));
    }

    public LogLevel Level { get; }

    public LogLineWriter Writer { get; }

    public ILogger CreateLogger(string category) => _factory.CreateLogger(category);

    public void Dispose() => _factory.Dispose();
}
