namespace Sala.Protocol.Signaling;

/// <summary>The words and keys of a signaling datagram, shared by the parser and the formatter.</summary>
internal static class SignalingWire
{
    public const string CallKey = "call";
    public const string CodecKey = "codec";
    public const string PacketTimeKey = "ptime";
    public const string ReasonKey = "reason";
    public const string AckKey = "ack";

    public static ReadOnlySpan<byte> Verb(SignalingKind kind) => kind switch
    {
        SignalingKind.Invite => "CONVITE"u8,
        SignalingKind.Accept => "ACEITO"u8,
        SignalingKind.Reject => "REJEITADO"u8,
        SignalingKind.Callback => "CALLBACK"u8,
        _ => "ENCERRAR"u8,
    };

    public static bool TryVerb(ReadOnlySpan<byte> word, out SignalingKind kind)
    {
        for (var k = SignalingKind.Invite; k <= SignalingKind.Hangup; k++)
        {
            if (word.SequenceEqual(Verb(k)))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static ReadOnlySpan<byte> Name(CallCodec codec) => codec == CallCodec.Opus ? "opus"u8 : "pcm"u8;

    public static bool TryCodec(ReadOnlySpan<byte> value, out CallCodec codec)
    {
        codec = value.SequenceEqual("pcm"u8) ? CallCodec.Pcm : CallCodec.Opus;
        return value.SequenceEqual("opus"u8) || value.SequenceEqual("pcm"u8);
    }

    public static ReadOnlySpan<byte> Name(SignalingReason reason) => reason switch
    {
        SignalingReason.Busy => "busy"u8,
        SignalingReason.Declined => "declined"u8,
        SignalingReason.Unavailable => "unavailable"u8,
        SignalingReason.Hangup => "hangup"u8,
        SignalingReason.Cancel => "cancel"u8,
        SignalingReason.Unencrypted => "unencrypted"u8,
        _ => "timeout"u8,
    };

    public static bool TryReason(ReadOnlySpan<byte> value, out SignalingReason reason)
    {
        for (var r = SignalingReason.Busy; r <= SignalingReason.Unencrypted; r++)
        {
            if (value.SequenceEqual(Name(r)))
            {
                reason = r;
                return true;
            }
        }
        reason = default;
        return false;
    }

    /// <summary>Which reasons a kind may carry: REJEITADO says why it refuses, ENCERRAR why it ends.</summary>
    public static bool Allows(SignalingKind kind, SignalingReason reason) => kind switch
    {
        SignalingKind.Reject => reason is SignalingReason.Busy or SignalingReason.Declined or SignalingReason.Unavailable
            or SignalingReason.Unencrypted,
        SignalingKind.Hangup => reason is SignalingReason.Hangup or SignalingReason.Cancel or SignalingReason.Timeout,
        _ => false,
    };

    public static bool HasCodec(SignalingKind kind) => kind is SignalingKind.Invite or SignalingKind.Accept;

    public static bool IsReservedKey(ReadOnlySpan<char> key) =>
        key is CallKey or CodecKey or ReasonKey or AckKey or PacketTimeKey;

    /// <summary>
    /// A packet time a receiver may ask for, in milliseconds (RFC 7587 §3: Opus frames of 2.5 to 60 ms; an audio
    /// sender's usual choices). Like SDP's <c>a=ptime</c> it is a wish: a sender that cannot meet it sends 20 ms.
    /// </summary>
    public static bool IsPacketTime(int milliseconds) => milliseconds is 10 or 20 or 40 or 60;

    /// <summary>Keys of extra fields: printable ASCII without '=' (space is the separator, so never in a word).</summary>
    public static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty)
            return false;
        foreach (var c in key)
        {
            if (c is < '!' or > '~' or '=')
                return false;
        }
        return true;
    }

    public static bool IsValidValue(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
            return false;
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
                return false;
        }
        return true;
    }
}
