namespace Sala.Registry;

/// <summary>
/// One client connection as the server sees it, whichever way its bytes move: the runtime's asynchronous sockets
/// (<see cref="RegistryConnection"/>, TLS ports) or the server's own poll loop (<see cref="Polling.PolledConnection"/>).
/// </summary>
internal interface IClientConnection
{
    string Remote { get; }

    /// <summary>Done once the connection is closed, its names released and its end logged.</summary>
    Task Completion { get; }

    /// <summary>True until the TLS handshake of a TLS port is done.</summary>
    bool Handshaking { get; }

    TimeSpan IdleFor();

    /// <summary>How long the line now being received has been unfinished (zero when none is).</summary>
    TimeSpan PartialLineFor();

    /// <summary><paramref name="limitHit"/>: closed by an abuse limit (a line too long or left unfinished), logged at Warning.</summary>
    void Close(string reason, bool limitHit = false);

    /// <summary>Closes the connection because the server stops: the client is told so (<c>BYE SHUTDOWN</c>) first.</summary>
    void CloseForShutdown();

    /// <summary>
    /// Queues <c>MSG &lt;from&gt; &lt;text&gt;</c> for this connection and returns at once: the caller is another
    /// connection's request, which must never wait for this client to read.
    /// </summary>
    DeliveryResult TryDeliver(string from, string text);
}
