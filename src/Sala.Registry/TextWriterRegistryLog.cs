using System.Globalization;

namespace Sala.Registry;

/// <summary>Writes each line, stamped with the UTC time, to a text writer (the console for <c>sala server</c>).</summary>
public sealed class TextWriterRegistryLog(TextWriter writer, TimeProvider time) : IRegistryLog
{
    private readonly TextWriter _writer = TextWriter.Synchronized(writer);

    public bool IsEnabled => true;

    public void Write(string line) =>
        _writer.WriteLine($"{time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {line}");
}
