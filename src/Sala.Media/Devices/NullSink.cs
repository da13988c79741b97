namespace Sala.Media.Devices;

/// <summary>A speaker that discards what it is given, counting it.</summary>
public sealed class NullSink : IAudioSink
{
    public string Name => "null";

    /// <summary>Samples written so far.</summary>
    public long SamplesWritten { get; private set; }

    public void Write(ReadOnlySpan<short> frame) => SamplesWritten += frame.Length;

    public void Dispose()
    {
        // Nothing held.
    }
}
