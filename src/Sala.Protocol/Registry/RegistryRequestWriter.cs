using System.Buffers;
using System.Text;

namespace Sala.Protocol.Registry;

/// <summary>
/// Writes registry requests as a client sends them: one line, its '\n' included. A request
/// <see cref="RegistryRequestParser"/> would refuse is refused here with the parser's reason, before a byte is sent:
/// the name is checked and NFC-normalised by <see cref="UserName"/>, SEND's text is checked by
/// <see cref="MessageLine"/>, a proof's key and signature by the parser's limits, and the line must fit in
/// <see cref="RegistryLineFramer.MaxLineBytes"/> (the server closes a connection that sends a longer one).
/// </summary>
public static class RegistryRequestWriter
{
    /// <summary>The request's line; an <see cref="ArgumentException"/> naming the reason when the server would refuse it.</summary>
    public static byte[] ToLine(RegistryRequest request)
    {
        Span<byte> line = stackalloc byte[RegistryLineFramer.MaxLineBytes];
        return TryWrite(request, line, out var written, out var whyNot)
            ? line[..written].ToArray()
            : throw new ArgumentException($"not a request the registry takes: {whyNot}");
    }

    /// <summary>
    /// Writes the request's line into <paramref name="destination"/>; false, with the reason, when the server would
    /// refuse it or it does not fit (a destination of <see cref="RegistryLineFramer.MaxLineBytes"/> holds any line
    /// the server takes).
    /// </summary>
    public static bool TryWrite(RegistryRequest request, Span<byte> destination, out int written, out string? whyNot)
    {
        written = 0;
        var line = new Utf8LineBuilder(destination);
        whyNot = request.Command switch
        {
            RegistryCommand.Register => Register(ref line, request),
            RegistryCommand.Get => NameOnly(ref line, "GET "u8, request.Name),
            RegistryCommand.Disconnect => NameOnly(ref line, "DISCONNECT "u8, request.Name),
            RegistryCommand.List => Word(ref line, "LIST"u8),
            RegistryCommand.Ping => Word(ref line, "PING"u8),
            RegistryCommand.Send => Send(ref line, request),
            RegistryCommand.Turn => Word(ref line, "TURN"u8),
            RegistryCommand.Nonce => Word(ref line, "NONCE"u8),
            RegistryCommand.Release => Release(ref line, request),
            _ => $"no request is called {request.Command}",
        };
        if (whyNot is not null)
            return false;
        line.Append("\n"u8);
        if (line.Overflowed || line.Length > RegistryLineFramer.MaxLineBytes)
        {
            whyNot = $"the request is longer than a {RegistryLineFramer.MaxLineBytes}-byte line";
            return false;
        }
        written = line.Length;
        return true;
    }

    private static string? Word(ref Utf8LineBuilder line, ReadOnlySpan<byte> verb)
    {
        line.Append(verb);
        return null;
    }

    private static string? NameOnly(ref Utf8LineBuilder line, ReadOnlySpan<byte> verb, string? name)
    {
        if (!TryName(name, out var normalized, out var whyNot))
            return whyNot;
        line.Append(verb);
        line.Append(normalized);
        return null;
    }

    private static string? Register(ref Utf8LineBuilder line, RegistryRequest request)
    {
        if (!TryName(request.Name, out var name, out var whyNot))
            return whyNot;
        if (request.Address is null)
            return "ip must be an IPv4 or IPv6 literal";
        if (request.Port is < 1 or > 65535)
            return "port must be a number from 1 to 65535";
        if ((request.IdentityKey is null) != (request.Signature is null))
            return "a proof needs both key= and sig=";
        line.Append("REGISTER "u8);
        line.Append(name);
        line.Append(" "u8);
        line.Append(request.Address);
        line.Append(" "u8);
        line.Append(request.Port);
        return request.IdentityKey is null ? null : Proof(ref line, request.IdentityKey, request.Signature!);
    }

    private static string? Release(ref Utf8LineBuilder line, RegistryRequest request)
    {
        if (!TryName(request.Name, out var name, out var whyNot))
            return whyNot;
        if (request.IdentityKey is null)
            return RegistryRequestParser.KeyMustBe;
        if (request.Signature is null)
            return RegistryRequestParser.SignatureMustBe;
        line.Append("RELEASE "u8);
        line.Append(name);
        return Proof(ref line, request.IdentityKey, request.Signature);
    }

    private static string? Proof(ref Utf8LineBuilder line, byte[] key, byte[] signature)
    {
        if (key.Length is 0 or > RegistryRequestParser.MaxKeyBytes)
            return RegistryRequestParser.KeyMustBe;
        if (signature.Length != RegistryRequestParser.SignatureBytes)
            return RegistryRequestParser.SignatureMustBe;
        line.Append(" key="u8);
        line.AppendBase64Url(key);
        line.Append(" sig="u8);
        line.AppendBase64Url(signature);
        return null;
    }

    /// <summary>The text goes trimmed of blanks at both ends, as the server would take it.</summary>
    private static string? Send(ref Utf8LineBuilder line, RegistryRequest request)
    {
        if (!TryName(request.Name, out var to, out var whyNot))
            return whyNot;
        line.Append("SEND "u8);
        line.Append(to);
        line.Append(" "u8);
        var start = line.Length;
        var text = (request.Text ?? "").Trim(' ', '\t');
        line.Append(text);
        if (!line.Overflowed)
            return MessageLine.CheckText(line.Written[start..]);
        // Else the text is too long, or the line is (a long name leaves less room), which TryWrite says.
        return Encoding.UTF8.GetByteCount(text) > MessageLine.MaxTextBytes ? $"text is longer than {MessageLine.MaxTextBytes} bytes" : null;
    }

    private static bool TryName(string? raw, out string name, out string? whyNot)
    {
        if (raw is null)
        {
            (name, whyNot) = ("", "name is empty");
            return false;
        }
        // A lone surrogate reaches the server as U+FFFD (and would make normalisation throw): check what it would read.
        if (!IsWellFormed(raw))
            raw = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(raw));
        return UserName.TryNormalize(raw, out name, out whyNot);
    }

    private static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var used) != OperationStatus.Done)
                return false;
            text = text[used..];
        }
        return true;
    }
}
