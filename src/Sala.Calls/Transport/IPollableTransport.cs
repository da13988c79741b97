namespace Sala.Calls.Transport;

/// <summary>
/// A transport whose datagrams a media loop can collect itself, once a frame, instead of its receive thread waking
/// for each one: on a machine where waking a thread costs tens of microseconds, that wake-up per packet cost a tenth
/// of the codec's CPU (docs/benchmarks.md, CPU of a call).
/// </summary>
public interface IPollableTransport
{
    /// <summary>
    /// Takes receiving over until the poller is disposed: the receive thread leaves the socket alone and
    /// <see cref="IDatagramPoller.ReceivePending"/> hands each waiting datagram to the handler on the caller's thread.
    /// Null where arrival times cannot be had from the kernel: the receive thread then goes on as before.
    /// </summary>
    IDatagramPoller? StartPolling();
}
