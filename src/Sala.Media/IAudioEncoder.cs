namespace Sala.Media;

/// <summary>Turns a packet's worth of audio (a 20 ms frame; for Opus 10, 40 or 60 ms too) into one packet payload.</summary>
public interface IAudioEncoder : IDisposable
{
    /// <summary>The RTP payload type used on the wire for this codec.</summary>
    byte PayloadType { get; }

    string Name { get; }

    /// <summary>The name with the implementation behind it, for the call figures: "opus (libopus 1.3.1)".</summary>
    string Description { get; }

    /// <summary>Whether the encoder skips frames in pauses (Opus DTX); a codec without it says false.</summary>
    bool Dtx { get; }

    /// <summary>
    /// Encodes <paramref name="frame"/> into <paramref name="payload"/>; returns the bytes written, or 0 for a frame
    /// that need not be sent at all (a pause, with <see cref="Dtx"/>): the sender skips it, its RTP timestamp still
    /// advancing, and the receiver plays comfort noise over the gap (RFC 7587 §3.1.3).
    /// </summary>
    int Encode(ReadOnlySpan<short> frame, Span<byte> payload);
}
