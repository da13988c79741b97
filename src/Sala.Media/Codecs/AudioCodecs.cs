using System.Diagnostics.CodeAnalysis;

namespace Sala.Media.Codecs;

/// <summary>The codecs Sala speaks: an encoder is chosen by name, a decoder by the payload type that arrives.</summary>
public static class AudioCodecs
{
    public const string OpusName = "opus";
    public const string PcmName = "pcm";

    /// <summary>Opus has no static payload type; 111 is the dynamic one most stacks use for it (RFC 7587 §7).</summary>
    public const byte OpusPayloadType = 111;

    /// <summary>L16 mono at 48 kHz has no static payload type either (RFC 3551 §6); 97 is Sala's dynamic choice.</summary>
    public const byte PcmPayloadType = 97;

    public static IReadOnlyList<string> Names { get; } = [OpusName, PcmName];

    /// <summary>Creates the encoder named <paramref name="name"/> ("opus" or "pcm", case-insensitive).</summary>
    public static IAudioEncoder CreateEncoder(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, OpusName, StringComparison.OrdinalIgnoreCase))
        {
            return new OpusAudioEncoder();
        }

        if (string.Equals(name, PcmName, StringComparison.OrdinalIgnoreCase))
        {
            return new PcmAudioEncoder();
        }

        throw new ArgumentException($"Unknown codec '{name}': use {string.Join(" or ", Names)}.", nameof(name));
    }

    /// <summary>Creates the decoder for <paramref name="payloadType"/>; throws when Sala does not know it.</summary>
    public static IAudioDecoder CreateDecoder(byte payloadType) =>
        TryCreateDecoder(payloadType, out var decoder)
            ? decoder
            : throw new ArgumentException($"Unknown payload type {payloadType}.", nameof(payloadType));

    /// <summary>Creates the decoder for <paramref name="payloadType"/>, or returns false for one Sala does not know.</summary>
    public static bool TryCreateDecoder(byte payloadType, [NotNullWhen(true)] out IAudioDecoder? decoder)
    {
        decoder = payloadType switch
        {
            OpusPayloadType => new OpusAudioDecoder(),
            PcmPayloadType => new PcmAudioDecoder(),
            _ => null,
        };
        return decoder is not null;
    }
}
