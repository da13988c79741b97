namespace Sala.Media;

/// <summary>A speaker: a WAV file, nothing, or a real device. Receives every played frame, in order, gaps included.</summary>
public interface IAudioSink : IDisposable
{
    string Name { get; }

    void Write(ReadOnlySpan<short> frame);
}
