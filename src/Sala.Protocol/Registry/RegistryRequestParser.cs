using System.Text;
using System.Text.Unicode;

namespace Sala.Protocol.Registry;

/// <summary>
/// Parses one registry line (without its '\n') into a request. Total: any bytes give a request or a reason, never an
/// exception. Fields are separated by spaces or tabs; the command word is matched case-insensitively as ASCII.
/// </summary>
public static class RegistryRequestParser
{
    private const int MaxFields = 6;

    /// <summary>A P-256 SubjectPublicKeyInfo is 91 bytes; room for other curves' without reading a line's worth.</summary>
    internal const int MaxKeyBytes = 160;

    internal const int SignatureBytes = 64;

    internal const string KeyMustBe = "key= must be the identity's public key in base64url";

    internal static readonly string SignatureMustBe = $"sig= must be a {SignatureBytes}-byte signature in base64url";

    public static RegistryParseResult Parse(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        if (line.Length >= RegistryLineFramer.MaxLineBytes)
            return RegistryParseResult.Invalid($"line longer than {RegistryLineFramer.MaxLineBytes} bytes");
        if (!Utf8.IsValid(line))
            return RegistryParseResult.Invalid("line is not valid UTF-8");

        Span<Range> fields = stackalloc Range[MaxFields + 1];
        var count = SplitFields(line, fields);
        if (count == 0)
            return RegistryParseResult.Invalid("empty request");

        var verb = line[fields[0]];
        var args = fields[1..count];
        if (Ascii.EqualsIgnoreCase(verb, "REGISTER"u8))
            return ParseRegister(line, args);
        if (Ascii.EqualsIgnoreCase(verb, "GET"u8))
            return ParseNameOnly(line, args, "GET <name>", RegistryRequest.Get);
        if (Ascii.EqualsIgnoreCase(verb, "DISCONNECT"u8))
            return ParseNameOnly(line, args, "DISCONNECT <name>", RegistryRequest.Disconnect);
        if (Ascii.EqualsIgnoreCase(verb, "LIST"u8))
            return args.Length == 0 ? RegistryParseResult.Valid(RegistryRequest.List()) : Usage("LIST");
        if (Ascii.EqualsIgnoreCase(verb, "PING"u8))
            return args.Length == 0 ? RegistryParseResult.Valid(RegistryRequest.Ping()) : Usage("PING");
        if (Ascii.EqualsIgnoreCase(verb, "SEND"u8))
            return ParseSend(line, args);
        if (Ascii.EqualsIgnoreCase(verb, "TURN"u8))
            return args.Length == 0 ? RegistryParseResult.Valid(RegistryRequest.Turn()) : Usage("TURN");
        if (Ascii.EqualsIgnoreCase(verb, "NONCE"u8))
            return args.Length == 0 ? RegistryParseResult.Valid(RegistryRequest.Nonce()) : Usage("NONCE");
        if (Ascii.EqualsIgnoreCase(verb, "RELEASE"u8))
            return ParseRelease(line, args);
        return RegistryParseResult.Invalid("unknown command (REGISTER, GET, DISCONNECT, LIST, PING, SEND, TURN, NONCE, RELEASE)");
    }

    private static RegistryParseResult ParseRegister(ReadOnlySpan<byte> line, ReadOnlySpan<Range> args)
    {
        if (args.Length is not (3 or 5))
            return Usage("REGISTER <name> <ip> <port> [key=<base64url> sig=<base64url>]");
        if (!TryName(line[args[0]], out var name, out var whyNot))
            return RegistryParseResult.Invalid(whyNot);
        if (!AddressText.TryParseAddress(line[args[1]], out var address))
            return RegistryParseResult.Invalid("ip must be an IPv4 or IPv6 literal");
        if (!AddressText.TryParsePort(line[args[2]], out var port))
            return RegistryParseResult.Invalid("port must be a number from 1 to 65535");
        var request = RegistryRequest.Register(name, address, port);
        if (args.Length == 3)
            return RegistryParseResult.Valid(request);
        if (!TryBase64Field(line[args[3]], "key="u8, MaxKeyBytes, out var key) || key.Length == 0)
            return RegistryParseResult.Invalid(KeyMustBe);
        if (!TryBase64Field(line[args[4]], "sig="u8, SignatureBytes, out var signature) || signature.Length != SignatureBytes)
            return RegistryParseResult.Invalid(SignatureMustBe);
        return RegistryParseResult.Valid(request with { IdentityKey = key, Signature = signature });
    }

    private static RegistryParseResult ParseRelease(ReadOnlySpan<byte> line, ReadOnlySpan<Range> args)
    {
        if (args.Length != 3)
            return Usage("RELEASE <name> key=<base64url> sig=<base64url>");
        if (!TryName(line[args[0]], out var name, out var whyNot))
            return RegistryParseResult.Invalid(whyNot);
        if (!TryBase64Field(line[args[1]], "key="u8, MaxKeyBytes, out var key) || key.Length == 0)
            return RegistryParseResult.Invalid(KeyMustBe);
        if (!TryBase64Field(line[args[2]], "sig="u8, SignatureBytes, out var signature) || signature.Length != SignatureBytes)
            return RegistryParseResult.Invalid(SignatureMustBe);
        return RegistryParseResult.Valid(RegistryRequest.Release(name, key, signature));
    }

    private static bool TryBase64Field(ReadOnlySpan<byte> field, ReadOnlySpan<byte> prefix, int maxBytes, out byte[] value)
    {
        value = [];
        if (!field.StartsWith(prefix))
            return false;
        var text = field[prefix.Length..];
        if (!System.Buffers.Text.Base64Url.IsValid(text, out var length) || length > maxBytes)
            return false;
        value = System.Buffers.Text.Base64Url.DecodeFromUtf8(text);
        return true;
    }

    /// <summary>The text is the rest of the line after the name, spaces and all, trimmed of blanks at both ends.</summary>
    private static RegistryParseResult ParseSend(ReadOnlySpan<byte> line, ReadOnlySpan<Range> args)
    {
        if (args.Length < 2)
            return Usage("SEND <name> <text>");
        if (!TryName(line[args[0]], out var name, out var whyNot))
            return RegistryParseResult.Invalid(whyNot);
        var text = line[args[0].End..].Trim(" \t"u8);
        if (MessageLine.CheckText(text) is { } bad)
            return RegistryParseResult.Invalid(bad);
        return RegistryParseResult.Valid(RegistryRequest.Send(name, Encoding.UTF8.GetString(text)));
    }

    private static RegistryParseResult ParseNameOnly(
        ReadOnlySpan<byte> line, ReadOnlySpan<Range> args, string usage, Func<string, RegistryRequest> make)
    {
        if (args.Length != 1)
            return Usage(usage);
        return TryName(line[args[0]], out var name, out var whyNot)
            ? RegistryParseResult.Valid(make(name))
            : RegistryParseResult.Invalid(whyNot);
    }

    private static bool TryName(ReadOnlySpan<byte> field, out string name, out string whyNot)
    {
        whyNot = "";
        if (UserName.TryPlainAscii(field, out name))
            return true;
        var ok = UserName.TryNormalize(Encoding.UTF8.GetString(field), out name, out var reason);
        whyNot = reason ?? "";
        return ok;
    }

    private static RegistryParseResult Usage(string usage) => RegistryParseResult.Invalid($"usage: {usage}");

    /// <summary>Fills <paramref name="fields"/>; a count of fields.Length means "too many".</summary>
    private static int SplitFields(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (i < line.Length && count < fields.Length)
        {
            while (i < line.Length && IsSeparator(line[i]))
                i++;
            if (i == line.Length)
                break;
            var start = i;
            while (i < line.Length && !IsSeparator(line[i]))
                i++;
            fields[count++] = start..i;
        }
        return count;
    }

    private static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t';
}
