using System.Buffers;
using System.Net;
using System.Text;

namespace Sala.Protocol.Registry;

/// <summary>Formats registry replies (MISSION.md section 2) as UTF-8 lines straight into an output buffer.</summary>
public static class RegistryReplyWriter
{
    /// <summary>The field after a user's port that gives its identity's fingerprint (issue 16).</summary>
    public const string IdentityField = "id=";

    internal static ReadOnlySpan<byte> IdentityFieldUtf8 => "id="u8;

    public static void Registered(IBufferWriter<byte> output, string name) => Line(output, "OK REGISTERED ", name);

    /// <summary>RELEASE's success: the name, as claimed, is free of its claim.</summary>
    public static void Released(IBufferWriter<byte> output, string name) => Line(output, "OK RELEASED ", name);

    /// <summary><c>OK name ip port</c>, and <c>id=</c> with the identity's fingerprint when the registration proved one.</summary>
    public static void Found(IBufferWriter<byte> output, string name, IPAddress address, int port, string? identity = null)
    {
        Text(output, "OK ");
        Entry(output, name, address, port, identity);
    }

    public static void ListHeader(IBufferWriter<byte> output, int count)
    {
        Text(output, "OK ");
        Number(output, count);
        Text(output, "\n");
    }

    public static void ListEntry(IBufferWriter<byte> output, string name, IPAddress address, int port, string? identity = null) =>
        Entry(output, name, address, port, identity);

    public static void Bye(IBufferWriter<byte> output) => Text(output, "OK BYE\n");

    public static void Pong(IBufferWriter<byte> output) => Text(output, "PONG\n");

    /// <summary><c>OK NONCE &lt;base64url&gt;</c>: the value the next REGISTER with proof on this connection signs.</summary>
    public static void Nonce(IBufferWriter<byte> output, ReadOnlySpan<byte> nonce) => Line(output, "OK NONCE ", System.Buffers.Text.Base64Url.EncodeToString(nonce));

    /// <summary>SEND's success: the recipient's name as registered.</summary>
    public static void Sent(IBufferWriter<byte> output, string name) => Line(output, "OK SENT ", name);

    /// <summary>
    /// The unsolicited line that delivers a SEND: <c>MSG &lt;from&gt; &lt;text&gt;</c>. The text was checked by
    /// <see cref="MessageLine"/> (no control characters, fits the line) before it got here.
    /// </summary>
    public static void Message(IBufferWriter<byte> output, string from, string text)
    {
        Text(output, "MSG ");
        Text(output, from);
        Line(output, " ", text);
    }

    /// <summary>TURN's success: <c>OK TURN &lt;host&gt; &lt;port&gt; &lt;username&gt; &lt;password&gt; &lt;ttl seconds&gt;</c>.</summary>
    public static void Turn(IBufferWriter<byte> output, string host, int port, string username, string password, long ttlSeconds)
    {
        Text(output, "OK TURN ");
        Text(output, host);
        Text(output, " ");
        Number(output, port);
        Text(output, " ");
        Text(output, username);
        Text(output, " ");
        Text(output, password);
        Text(output, " ");
        var span = output.GetSpan(20);
        ttlSeconds.TryFormat(span, out var written);
        output.Advance(written);
        Text(output, "\n");
    }

    /// <summary>The unsolicited line a stopping server sends each connection before it closes it.</summary>
    public static void Shutdown(IBufferWriter<byte> output) => Text(output, "BYE SHUTDOWN\n");

    public static void Error(IBufferWriter<byte> output, string code, string detail)
    {
        Text(output, "ERR ");
        Text(output, code);
        Line(output, " ", detail);
    }

    private static void Entry(IBufferWriter<byte> output, string name, IPAddress address, int port, string? identity)
    {
        Text(output, name);
        Text(output, " ");
        var span = output.GetSpan(64);
        address.TryFormat(span, out var written);
        output.Advance(written);
        Text(output, " ");
        Number(output, port);
        if (identity is not null)
        {
            Text(output, " ");
            Text(output, IdentityField);
            Text(output, identity);
        }
        Text(output, "\n");
    }

    private static void Line(IBufferWriter<byte> output, string head, string tail)
    {
        Text(output, head);
        Text(output, tail);
        Text(output, "\n");
    }

    private static void Number(IBufferWriter<byte> output, int value)
    {
        var span = output.GetSpan(11);
        value.TryFormat(span, out var written);
        output.Advance(written);
    }

    private static void Text(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
