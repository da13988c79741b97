using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Sala.Protocol.Identity;

namespace Sala.Protocol.Registry;

/// <summary>
/// Reads the lines a registry sends a client (docs/protocol.md), each without its '\n'; the counterpart of
/// <see cref="RegistryReplyWriter"/>. A reply's words depend on the request it answers (<c>OK REGISTERED bob</c> is
/// GET's answer when a user is called REGISTERED), so there is one reader per answer. Total: any bytes give true
/// or false, never an exception; nothing is allocated but what a true returns.
/// </summary>
public static class RegistryReplyParser
{
    /// <summary>The most words any reply has: <c>OK TURN host port username password ttl</c>.</summary>
    private const int MaxWords = 7;

    /// <summary>Longer lifetimes than a TimeSpan holds are no lifetime.</summary>
    private static readonly long MaxTtlSeconds = (long)TimeSpan.MaxValue.TotalSeconds;

    /// <summary>What the line is, for a client that is not inside a LIST body.</summary>
    public static RegistryLineKind Classify(ReadOnlySpan<byte> line)
    {
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        var count = Split(line, words);
        if (count > 0 && line[words[0]].SequenceEqual("OK"u8))
            return RegistryLineKind.Reply;
        if (count > 1 && line[words[0]].SequenceEqual("ERR"u8))
            return RegistryLineKind.Reply;
        if (line.SequenceEqual("PONG"u8))
            return RegistryLineKind.Reply;
        if (count > 0 && line[words[0]].SequenceEqual("BYE"u8))
            return RegistryLineKind.Shutdown;
        return IsMessage(line, out _, out _) ? RegistryLineKind.Message : RegistryLineKind.Unsolicited;
    }

    /// <summary><c>ERR &lt;code&gt; [reason]</c>.</summary>
    public static bool TryParseError(ReadOnlySpan<byte> line, out RegistryError error)
    {
        error = default;
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        var count = Split(line, words);
        if (count < 2 || !line[words[0]].SequenceEqual("ERR"u8) || !Utf8.IsValid(line))
            return false;
        var reason = line[words[1].End..].Trim((byte)' ');
        error = new RegistryError(Encoding.UTF8.GetString(line[words[1]]), Encoding.UTF8.GetString(reason));
        return true;
    }

    /// <summary>PING's answer.</summary>
    public static bool IsPong(ReadOnlySpan<byte> line) => WithoutReturn(line).SequenceEqual("PONG"u8);

    /// <summary>DISCONNECT's answer, <c>OK BYE</c>, after which the server closes the connection.</summary>
    public static bool IsDisconnected(ReadOnlySpan<byte> line)
    {
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        return Split(line, words) == 2 && line[words[0]].SequenceEqual("OK"u8) && line[words[1]].SequenceEqual("BYE"u8);
    }

    /// <summary>REGISTER's success: <c>OK REGISTERED &lt;name&gt;</c>.</summary>
    public static bool TryParseRegistered(ReadOnlySpan<byte> line, out string name) => TryOkName(line, "REGISTERED"u8, out name);

    /// <summary>RELEASE's success: <c>OK RELEASED &lt;name&gt;</c>.</summary>
    public static bool TryParseReleased(ReadOnlySpan<byte> line, out string name) => TryOkName(line, "RELEASED"u8, out name);

    /// <summary>SEND's success: <c>OK SENT &lt;name&gt;</c>, the recipient as registered.</summary>
    public static bool TryParseSent(ReadOnlySpan<byte> line, out string name) => TryOkName(line, "SENT"u8, out name);

    /// <summary>GET's success: <c>OK &lt;name&gt; &lt;ip&gt; &lt;port&gt; [id=&lt;fingerprint&gt;]</c>.</summary>
    public static bool TryParseFound(ReadOnlySpan<byte> line, out RegistryEntry entry)
    {
        entry = default;
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        var count = Split(line, words);
        return count > 0 && line[words[0]].SequenceEqual("OK"u8) && TryEntry(line, words[1..count], out entry);
    }

    /// <summary>LIST's first line: <c>OK &lt;n&gt;</c>, n entry lines to follow.</summary>
    public static bool TryParseListHeader(ReadOnlySpan<byte> line, out int count)
    {
        count = 0;
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        return Split(line, words) == 2 && line[words[0]].SequenceEqual("OK"u8)
            && int.TryParse(line[words[1]], NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    /// <summary>One line of a LIST body: <c>&lt;name&gt; &lt;ip&gt; &lt;port&gt; [id=&lt;fingerprint&gt;]</c>.</summary>
    public static bool TryParseEntry(ReadOnlySpan<byte> line, out RegistryEntry entry)
    {
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        var count = Split(line, words);
        return TryEntry(line, words[..count], out entry);
    }

    /// <summary>NONCE's success: <c>OK NONCE &lt;base64url&gt;</c>, the value the next REGISTER with proof signs.</summary>
    public static bool TryParseNonce(ReadOnlySpan<byte> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? nonce)
    {
        nonce = null;
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        if (Split(line, words) != 3 || !line[words[0]].SequenceEqual("OK"u8) || !line[words[1]].SequenceEqual("NONCE"u8)
            || !Base64Url.IsValid(line[words[2]]))
            return false;
        nonce = Base64Url.DecodeFromUtf8(line[words[2]]);
        return true;
    }

    /// <summary>TURN's success: <c>OK TURN &lt;host&gt; &lt;port&gt; &lt;username&gt; &lt;password&gt; &lt;ttl seconds&gt;</c>.</summary>
    public static bool TryParseTurn(ReadOnlySpan<byte> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TurnCredentials? credentials)
    {
        credentials = null;
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        if (Split(line, words) != 7 || !line[words[0]].SequenceEqual("OK"u8) || !line[words[1]].SequenceEqual("TURN"u8)
            || !Utf8.IsValid(line)
            || !AddressText.TryParsePort(line[words[3]], out var port)
            || !long.TryParse(line[words[6]], NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl > MaxTtlSeconds)
            return false;
        credentials = new TurnCredentials(
            Encoding.UTF8.GetString(line[words[2]]), port, Encoding.UTF8.GetString(line[words[4]]),
            Encoding.UTF8.GetString(line[words[5]]), TimeSpan.FromSeconds(ttl));
        return true;
    }

    /// <summary>The unsolicited <c>MSG &lt;from&gt; &lt;text&gt;</c> that delivers a SEND; the text trimmed of blanks at its ends.</summary>
    public static bool TryParseMessage(ReadOnlySpan<byte> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? from, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        (from, text) = (null, null);
        if (!IsMessage(line, out var fromBytes, out var textBytes) || !Utf8.IsValid(line))
            return false;
        from = Encoding.UTF8.GetString(fromBytes);
        text = Encoding.UTF8.GetString(textBytes);
        return true;
    }

    private static bool IsMessage(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> from, out ReadOnlySpan<byte> text)
    {
        from = default;
        text = default;
        if (!line.StartsWith("MSG "u8))
            return false;
        var rest = line["MSG "u8.Length..].TrimStart((byte)' ');
        var space = rest.IndexOf((byte)' ');
        if (space <= 0)
            return false;
        from = rest[..space];
        text = rest[(space + 1)..].Trim(" \t\r"u8);
        return !text.IsEmpty;
    }

    private static bool TryOkName(ReadOnlySpan<byte> line, ReadOnlySpan<byte> word, out string name)
    {
        name = "";
        line = WithoutReturn(line);
        Span<Range> words = stackalloc Range[MaxWords + 1];
        if (Split(line, words) != 3 || !line[words[0]].SequenceEqual("OK"u8) || !line[words[1]].SequenceEqual(word)
            || !Utf8.IsValid(line[words[2]]))
            return false;
        name = Encoding.UTF8.GetString(line[words[2]]);
        return true;
    }

    private static bool TryEntry(ReadOnlySpan<byte> line, ReadOnlySpan<Range> words, out RegistryEntry entry)
    {
        entry = default;
        IdentityFingerprint? identity = null;
        if (words.Length is not (3 or 4)
            || !Utf8.IsValid(line[words[0]])
            || !AddressText.TryParseAddress(line[words[1]], out var address)
            || !AddressText.TryParsePort(line[words[2]], out var port))
            return false;
        if (words.Length == 4)
        {
            var field = line[words[3]];
            if (!field.StartsWith(RegistryReplyWriter.IdentityFieldUtf8) || !IdentityFingerprint.TryParse(field[RegistryReplyWriter.IdentityFieldUtf8.Length..], out identity))
                return false;
        }
        entry = new RegistryEntry(Encoding.UTF8.GetString(line[words[0]]), address, port, identity);
        return true;
    }

    private static ReadOnlySpan<byte> WithoutReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>Words between runs of spaces; a count of words.Length means "more than a reply has".</summary>
    private static int Split(ReadOnlySpan<byte> line, Span<Range> words)
    {
        var count = 0;
        var i = 0;
        while (i < line.Length && count < words.Length)
        {
            while (i < line.Length && line[i] == (byte)' ')
                i++;
            if (i == line.Length)
                break;
            var start = i;
            while (i < line.Length && line[i] != (byte)' ')
                i++;
            words[count++] = start..i;
        }
        return count;
    }
}
