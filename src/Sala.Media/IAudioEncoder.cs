namespace Sala.Media;

/// <summary>Turns one 20 ms frame into one packet payload.</summary>
public interface IAudioEncoder : IDisposable
{
    /// <summary>The RTP payload type used on the wire for this codec.</summary>
    byte PayloadType { get; }

    string Name { get; }

    /// <summary>The name with the implementation behind it, for the call figures: "opus (libopus 1.3.1)".</summary>
    string Description { get; }

    /// <summary>Encodes <paramref name="frame"/> into <paramref name="payload"/>; returns the bytes written.</summary>
    int Encode(ReadOnlySpan<short> frame, Span<byte> payload);
}
