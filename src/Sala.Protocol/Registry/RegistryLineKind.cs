namespace Sala.Protocol.Registry;

/// <summary>What a line from the registry is, outside a LIST body (docs/protocol.md).</summary>
public enum RegistryLineKind
{
    /// <summary>The answer to a request: <c>OK ...</c>, <c>ERR CODE ...</c> or <c>PONG</c>.</summary>
    Reply,

    /// <summary><c>BYE ...</c>: the server is stopping and is about to close the connection.</summary>
    Shutdown,

    /// <summary><c>MSG &lt;from&gt; &lt;text&gt;</c>: a text another user sent this connection's name.</summary>
    Message,

    /// <summary>Any other line: a word a newer server added, which this client ignores.</summary>
    Unsolicited,
}
