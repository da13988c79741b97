namespace Sala.Protocol.Registry;

/// <summary>A reply line split into words, as a client reads it: <c>OK ...</c>, <c>ERR CODE ...</c> or <c>PONG</c>.</summary>
public sealed record RegistryReplyLine(bool IsOk, string? ErrorCode, IReadOnlyList<string> Fields, string Text)
{
    public bool IsPong => Text == "PONG";

    /// <summary>
    /// True for a line that answers a request (<c>OK</c>, <c>ERR</c>, <c>PONG</c>); any other line outside a LIST
    /// body is unsolicited (<c>BYE SHUTDOWN</c>, or a word a newer server added), docs/protocol.md.
    /// </summary>
    public bool IsReply => IsOk || ErrorCode is not null || IsPong;

    /// <summary>The server is stopping and is about to close the connection.</summary>
    public bool IsBye => !IsReply && Fields is ["BYE", ..];

    /// <summary>The words after <c>OK</c>, or after <c>ERR CODE</c>, joined back as sent (for messages).</summary>
    public string Detail => string.Join(' ', Fields);

    public static RegistryReplyLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.TrimEnd('\r');
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0 && words[0] == "OK")
            return new RegistryReplyLine(true, null, words[1..], line);
        if (words.Length > 1 && words[0] == "ERR")
            return new RegistryReplyLine(false, words[1], words[2..], line);
        return new RegistryReplyLine(false, null, words, line);
    }
}
