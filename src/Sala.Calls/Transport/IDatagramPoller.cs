namespace Sala.Calls.Transport;

/// <summary>Receiving taken over from a transport's receive thread; see <see cref="IPollableTransport"/>.</summary>
public interface IDatagramPoller : IDisposable
{
    /// <summary>
    /// Hands every datagram waiting in the socket to the transport's handler, on this thread, each with how long it
    /// waited since the kernel received it. Never blocks. A flood (hundreds waiting at once) ends the polling: the
    /// transport's receive thread takes over again and later calls do nothing.
    /// </summary>
    void ReceivePending();
}
