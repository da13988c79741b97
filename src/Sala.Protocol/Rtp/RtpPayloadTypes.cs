namespace Sala.Protocol.Rtp;

/// <summary>
/// The dynamic payload types Sala sends (RFC 3551 §6 leaves 96-127 to the session); both use a 48 kHz RTP clock.
/// </summary>
public static class RtpPayloadTypes
{
    /// <summary>Opus, whose RTP clock is always 48 kHz whatever the coded bandwidth (RFC 7587 §4.1).</summary>
    public const byte Opus = 111;

    /// <summary>L16: 16-bit big-endian linear PCM, 48 kHz, mono (RFC 3551 §4.5.11).</summary>
    public const byte Pcm = 97;

    /// <summary>RTP timestamp units per second for both payload types.</summary>
    public const int ClockRate = 48_000;
}
