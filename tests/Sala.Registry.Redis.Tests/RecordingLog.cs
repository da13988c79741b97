using System.Collections.Concurrent;

namespace Sala.Registry.Redis.Tests;

internal sealed class RecordingLog : IRegistryLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public bool IsEnabled => true;

    public IReadOnlyCollection<string> Lines => _lines;

    public void Write(string line) => _lines.Enqueue(line);
}
