using System.Text;

namespace Sala.Protocol.Registry;

/// <summary>
/// The text a <c>SEND &lt;to&gt; &lt;text&gt;</c> carries and the unsolicited <c>MSG &lt;from&gt; &lt;text&gt;</c> line that
/// delivers it (docs/protocol.md). The text is what a call offer needs (about 450 bytes of signaling) and no more; it
/// may hold spaces but no control character, so it can never end or split the line it travels in.
/// </summary>
public static class MessageLine
{
    /// <summary>The longest text, in bytes of UTF-8.</summary>
    public const int MaxTextBytes = 440;

    private const string Verb = "MSG ";

    /// <summary>Why <paramref name="text"/> (already trimmed) cannot be sent, or null when it can.</summary>
    public static string? CheckText(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
            return "text is empty";
        if (text.Length > MaxTextBytes)
            return $"text is longer than {MaxTextBytes} bytes";
        foreach (var b in text)
        {
            if (b is (< 0x20 and not (byte)'\t') or 0x7F)
                return "text may not hold control characters";
        }
        return null;
    }

    /// <summary>
    /// True when <c>MSG &lt;from&gt; &lt;text&gt;\n</c> fits in <see cref="RegistryLineFramer.MaxLineBytes"/>: a sender whose
    /// name is long in UTF-8 (up to 128 bytes) has less room for text than <see cref="MaxTextBytes"/>.
    /// </summary>
    public static bool Fits(string from, string text) =>
        MaxTextBytesFrom(from) >= Encoding.UTF8.GetByteCount(text);

    /// <summary>The longest text a sender of this name can have delivered in one line.</summary>
    public static int MaxTextBytesFrom(string from) =>
        Math.Min(MaxTextBytes, RegistryLineFramer.MaxLineBytes - Verb.Length - Encoding.UTF8.GetByteCount(from) - 2);
}
