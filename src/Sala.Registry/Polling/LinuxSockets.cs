using System.Runtime.InteropServices;

namespace Sala.Registry.Polling;

/// <summary>
/// The few Linux calls the poll loop makes itself: epoll (level-triggered, as Redis uses it), an eventfd to wake the
/// loop, and <c>recv</c>/<c>send</c> on non-blocking sockets. Each returns what the kernel returned; a negative value
/// means failure, with the cause in <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe partial class LinuxSockets
{
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;

    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;

    public const int Eagain = 11;
    public const int Eintr = 4;

    private const int CloseOnExec = 0x80000;
    private const int EventFdNonBlocking = 0x800;

    /// <summary>Never SIGPIPE: a peer gone is an error returned, not a signal.</summary>
    private const int MsgNoSignal = 0x4000;

    /// <summary>
    /// <c>struct epoll_event</c> as x86-64 lays it out: packed, so the 64-bit data follows the events at offset 4
    /// (<see cref="PollLoop.IsSupported"/> keeps the loop to that architecture).
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    public static int CreateEpoll() => epoll_create1(CloseOnExec);

    public static int Control(int epoll, int operation, int fd, uint events, ulong data)
    {
        var change = new EpollEvent { Events = events, Data = data };
        return epoll_ctl(epoll, operation, fd, &change);
    }

    public static int Wait(int epoll, Span<EpollEvent> events, int timeoutMilliseconds)
    {
        fixed (EpollEvent* first = events)
            return epoll_wait(epoll, first, events.Length, timeoutMilliseconds);
    }

    public static int CreateEventFd() => eventfd(0, CloseOnExec | EventFdNonBlocking);

    /// <summary>Adds one to an eventfd's counter: wakes a loop waiting on it.</summary>
    public static void Signal(int eventFd)
    {
        ulong one = 1;
        _ = write(eventFd, &one, sizeof(ulong));
    }

    /// <summary>Resets an eventfd's counter to zero.</summary>
    public static void Drain(int eventFd)
    {
        ulong count;
        _ = read(eventFd, &count, sizeof(ulong));
    }

    public static nint Receive(int socket, Span<byte> into)
    {
        fixed (byte* buffer = into)
            return recv(socket, buffer, into.Length, 0);
    }

    public static nint Send(int socket, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* buffer = bytes)
            return send(socket, buffer, bytes.Length, MsgNoSignal);
    }

    public static int Close(int fd) => close(fd);

    public static int LastError => Marshal.GetLastPInvokeError();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, EpollEvent* events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, void* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, void* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(int fd, void* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(int fd, void* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
