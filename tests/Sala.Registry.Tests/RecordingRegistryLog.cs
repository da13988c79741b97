using System.Collections.Concurrent;

namespace Sala.Registry.Tests;

internal sealed class RecordingRegistryLog : IRegistryLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public bool IsEnabled => true;

    public IReadOnlyCollection<string> Lines => _lines;

    public void Write(string line) => _lines.Enqueue(line);

    public int Count(string fragment) => _lines.Count(l => l.Contains(fragment, StringComparison.Ordinal));
}
