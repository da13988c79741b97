using System.Diagnostics.CodeAnalysis;

namespace Sala.Media.Codecs;

/// <summary>
/// The codecs Sala speaks: an encoder is chosen by name, a decoder by the payload type that arrives. Opus runs on the
/// system's libopus when it loads and on Concentus otherwise; the environment variable <c>SALA_OPUS</c>
/// (<c>native</c>, <c>managed</c> or <c>auto</c>) overrides that choice for the whole process.
/// </summary>
public static class AudioCodecs
{
    public const string OpusName = "opus";
    public const string PcmName = "pcm";

    /// <summary>Opus has no static payload type; 111 is the dynamic one most stacks use for it (RFC 7587 §7).</summary>
    public const byte OpusPayloadType = 111;

    /// <summary>L16 mono at 48 kHz has no static payload type either (RFC 3551 §6); 97 is Sala's dynamic choice.</summary>
    public const byte PcmPayloadType = 97;

    /// <summary>The variable that overrides the Opus implementation: native, managed or auto.</summary>
    public const string OpusImplementationVariable = "SALA_OPUS";

    private static readonly Lazy<OpusImplementation> ChosenOpus = new(() =>
        ResolveOpus(ParseOpusImplementation(Environment.GetEnvironmentVariable(OpusImplementationVariable))));

    public static IReadOnlyList<string> Names { get; } = [OpusName, PcmName];

    /// <summary>The version of the libopus that loaded ("libopus 1.3.1"), or null when none did.</summary>
    public static string? NativeOpusVersion => LibOpus.Instance?.Version;

    /// <summary>
    /// The implementation Opus codecs are made with in this process: <see cref="OpusImplementation.Native"/> or
    /// <see cref="OpusImplementation.Managed"/>, decided once, at the first use.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>SALA_OPUS=native</c> without libopus, or an unknown value.</exception>
    public static OpusImplementation Opus => ChosenOpus.Value;

    /// <summary>
    /// Creates the encoder named <paramref name="name"/> ("opus" or "pcm", case-insensitive); <paramref name="dtx"/>
    /// asks Opus for discontinuous transmission (PCM has none).
    /// </summary>
    public static IAudioEncoder CreateEncoder(string name, bool dtx = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, OpusName, StringComparison.OrdinalIgnoreCase))
        {
            return CreateOpusEncoder(Opus, dtx);
        }

        if (string.Equals(name, PcmName, StringComparison.OrdinalIgnoreCase))
        {
            return new PcmAudioEncoder();
        }

        throw new ArgumentException($"Unknown codec '{name}': use {string.Join(" or ", Names)}.", nameof(name));
    }

    /// <summary>Creates an Opus encoder on <paramref name="implementation"/> (Auto: native when it loads).</summary>
    public static IAudioEncoder CreateOpusEncoder(OpusImplementation implementation, bool dtx = false) =>
        ResolveOpus(implementation) == OpusImplementation.Native ? new NativeOpusAudioEncoder(dtx: dtx) : new OpusAudioEncoder(dtx: dtx);

    /// <summary>Creates an Opus decoder on <paramref name="implementation"/> (Auto: native when it loads).</summary>
    public static IAudioDecoder CreateOpusDecoder(OpusImplementation implementation) =>
        ResolveOpus(implementation) == OpusImplementation.Native ? new NativeOpusAudioDecoder() : new OpusAudioDecoder();

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
            OpusPayloadType => CreateOpusDecoder(Opus),
            PcmPayloadType => new PcmAudioDecoder(),
            _ => null,
        };
        return decoder is not null;
    }

    /// <summary>Reads native, managed or auto (any case; empty or null is auto).</summary>
    public static bool TryParseOpusImplementation(string? text, out OpusImplementation implementation)
    {
        implementation = OpusImplementation.Auto;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
            return true;
        if (text.Trim().Equals("native", StringComparison.OrdinalIgnoreCase))
            implementation = OpusImplementation.Native;
        else if (text.Trim().Equals("managed", StringComparison.OrdinalIgnoreCase))
            implementation = OpusImplementation.Managed;
        else
            return false;
        return true;
    }

    private static OpusImplementation ParseOpusImplementation(string? text) =>
        TryParseOpusImplementation(text, out var implementation)
            ? implementation
            : throw new InvalidOperationException($"{OpusImplementationVariable}='{text}': use native, managed or auto.");

    private static OpusImplementation ResolveOpus(OpusImplementation implementation) => implementation switch
    {
        OpusImplementation.Auto => LibOpus.Instance is null ? OpusImplementation.Managed : OpusImplementation.Native,
        OpusImplementation.Native when LibOpus.Instance is null =>
            throw new InvalidOperationException("Native Opus was asked for, but no libopus loads (on Debian: apt-get install libopus0)."),
        _ => implementation,
    };
}
