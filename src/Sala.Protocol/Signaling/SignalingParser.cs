using System.Buffers;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Signaling;

/// <summary>
/// Parses a signaling datagram. The size is checked before anything is scanned, the words are matched as UTF-8
/// bytes, case-sensitively, and every field is validated: any input gives a message or a reason, never an exception.
/// </summary>
internal static class SignalingParser
{
    /// <summary>Enough for the verb, CONVITE's three words and a handful of fields; more is refused, not scanned.</summary>
    private const int MaxWords = 24;

    private const int MaxAddressBytes = 64;

    public static bool TryParse(
        ReadOnlySpan<byte> datagram,
        [NotNullWhen(true)] out SignalingMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (datagram.Length > SignalingMessage.MaxBytes)
            return Fail($"datagram longer than {SignalingMessage.MaxBytes} bytes", out error);
        if (datagram.EndsWith("\r\n"u8))
            datagram = datagram[..^2];
        else if (datagram.EndsWith("\n"u8))
            datagram = datagram[..^1];
        if (!Utf8.IsValid(datagram))
            return Fail("not valid UTF-8", out error);

        Span<Range> words = stackalloc Range[MaxWords + 1];
        var count = SplitWords(datagram, words);
        if (count == 0)
            return Fail("empty datagram", out error);
        if (count > MaxWords)
            return Fail($"more than {MaxWords} words", out error);
        if (!SignalingWire.TryVerb(datagram[words[0]], out var kind))
            return Fail("unknown word (CONVITE, ACEITO, REJEITADO, CALLBACK, ENCERRAR)", out error);

        var builder = new Fields(kind);
        var next = 1;
        if (kind == SignalingKind.Invite)
        {
            if (count < 4)
                return Fail("usage: CONVITE <name> <ip> <port> call=<id>", out error);
            if (!TryInviteWords(datagram, words[1..4], ref builder, out error))
                return false;
            next = 4;
        }
        foreach (var word in words[next..count])
        {
            if (!TryField(datagram[word], ref builder, out error))
                return false;
        }
        if (builder.CallId is null)
            return Fail("missing call=<id>", out error);

        var other = builder.Other is null
            ? ReadOnlyDictionary<string, string>.Empty
            : builder.Other.AsReadOnly();
        message = new SignalingMessage
        {
            Kind = kind,
            CallId = builder.CallId,
            Name = builder.Name,
            Address = builder.Address,
            Port = builder.Port,
            Reason = builder.Reason,
            Codec = builder.Codec,
            PacketTime = builder.PacketTime,
            IsAck = builder.IsAck,
            OtherFields = other,
        };
        error = null;
        return true;
    }

    private static bool TryInviteWords(
        ReadOnlySpan<byte> datagram, ReadOnlySpan<Range> words, ref Fields fields, [NotNullWhen(false)] out string? error)
    {
        if (!UserName.TryNormalize(Encoding.UTF8.GetString(datagram[words[0]]), out var name, out var whyNot))
            return Fail(whyNot ?? "bad name", out error);

        var ip = datagram[words[1]];
        Span<char> ipText = stackalloc char[MaxAddressBytes];
        if (ip.Length > MaxAddressBytes || !Ascii.IsValid(ip))
            return Fail("ip must be an IPv4 or IPv6 literal", out error);
        if (Ascii.ToUtf16(ip, ipText, out var written) != OperationStatus.Done
            || !AddressText.TryParseAddress(ipText[..written], out var address))
            return Fail("ip must be an IPv4 or IPv6 literal", out error);
        if (!AddressText.TryParsePort(datagram[words[2]], out var port))
            return Fail("port must be a number from 1 to 65535", out error);

        fields.Name = name;
        fields.Address = address;
        fields.Port = port;
        error = null;
        return true;
    }

    private static bool TryField(ReadOnlySpan<byte> word, ref Fields fields, [NotNullWhen(false)] out string? error)
    {
        var equals = word.IndexOf((byte)'=');
        if (equals < 0)
            return Fail("unexpected word; fields are key=value", out error);
        var key = word[..equals];
        var value = word[(equals + 1)..];
        if (key.IsEmpty || value.IsEmpty || !IsPrintable(key) || !IsPrintable(value))
            return Fail("fields are key=value in printable ASCII", out error);

        error = null;
        var kind = fields.Kind;
        if (key.SequenceEqual("call"u8))
        {
            if (fields.CallId is not null)
                return Fail("call given twice", out error);
            if (!CallId.IsValid(value))
                return Fail("call id must be 1 to 32 ASCII letters and digits", out error);
            fields.CallId = Encoding.ASCII.GetString(value);
        }
        else if (key.SequenceEqual("codec"u8))
        {
            if (!SignalingWire.HasCodec(kind) || fields.Codec is not null)
                return Fail("codec only once, on CONVITE and ACEITO", out error);
            if (!SignalingWire.TryCodec(value, out var codec))
                return Fail("codec must be opus or pcm", out error);
            fields.Codec = codec;
        }
        else if (key.SequenceEqual("ptime"u8))
        {
            if (!SignalingWire.HasCodec(kind) || fields.PacketTime is not null)
                return Fail("ptime only once, on CONVITE and ACEITO", out error);
            // Digits only, no leading zero: one spelling per value, so a message formats back to the bytes it came in.
            if (value[0] == (byte)'0' || !System.Buffers.Text.Utf8Parser.TryParse(value, out int milliseconds, out var consumed)
                || consumed != value.Length || !SignalingWire.IsPacketTime(milliseconds))
                return Fail("ptime must be 10, 20, 40 or 60", out error);
            fields.PacketTime = milliseconds;
        }
        else if (key.SequenceEqual("reason"u8))
        {
            if (fields.Reason is not null || !SignalingWire.TryReason(value, out var reason)
                || !SignalingWire.Allows(kind, reason))
            {
                return Fail(
                    "reason only once: busy|declined|unavailable (REJEITADO), hangup|cancel|timeout (ENCERRAR)",
                    out error);
            }
            fields.Reason = reason;
        }
        else if (key.SequenceEqual("ack"u8))
        {
            if (kind != SignalingKind.Hangup || fields.IsAck || !value.SequenceEqual("1"u8))
                return Fail("ack=1 only once, on ENCERRAR", out error);
            fields.IsAck = true;
        }
        else
        {
            var other = fields.Other ??= new Dictionary<string, string>(StringComparer.Ordinal);
            if (!other.TryAdd(Encoding.ASCII.GetString(key), Encoding.ASCII.GetString(value)))
                return Fail("field given twice", out error);
        }
        return true;
    }

    /// <summary>Printable ASCII except '=' is the rule for keys; values may hold '=' (only the first one splits).</summary>
    private static bool IsPrintable(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b is < 0x21 or > 0x7E)
                return false;
        }
        return true;
    }

    /// <summary>Fills <paramref name="words"/>; a count of words.Length means "too many".</summary>
    private static int SplitWords(ReadOnlySpan<byte> text, Span<Range> words)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length && count < words.Length)
        {
            while (i < text.Length && text[i] == (byte)' ')
                i++;
            if (i == text.Length)
                break;
            var start = i;
            while (i < text.Length && text[i] != (byte)' ')
                i++;
            words[count++] = start..i;
        }
        return count;
    }

    private static bool Fail(string why, out string error)
    {
        error = why;
        return false;
    }

    private struct Fields(SignalingKind kind)
    {
        public readonly SignalingKind Kind = kind;
        public string? CallId;
        public string? Name;
        public System.Net.IPAddress? Address;
        public int Port;
        public SignalingReason? Reason;
        public CallCodec? Codec;
        public int? PacketTime;
        public bool IsAck;
        public Dictionary<string, string>? Other;
    }
}
