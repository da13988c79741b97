using System.Collections.Concurrent;

namespace Sala.Registry.Tls;

/// <summary>Pins kept for as long as this object lives: one process's reconnections, or a test.</summary>
public sealed class InMemoryRegistryCertificatePins : IRegistryCertificatePins
{
    private readonly ConcurrentDictionary<string, string> _pins = new(StringComparer.OrdinalIgnoreCase);

    public string Location => "memory";

    public string? Find(string hostPort) => _pins.GetValueOrDefault(hostPort);

    public void Pin(string hostPort, string fingerprint) => _pins[hostPort] = fingerprint;
}
