using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using static Sala.Registry.Polling.LinuxSockets;

namespace Sala.Registry.Polling;

/// <summary>
/// One thread that waits on its own level-triggered epoll set and serves every connection registered with it, as
/// Redis's event loop does: a socket is read only when epoll says it is readable, so a request costs one
/// <c>recv</c> and one <c>send</c>. The runtime's asynchronous sockets try each receive first and, after a reply, mostly
/// find nothing yet (an extra <c>recv</c> per request), then queue the wait through their own engine.
/// Everything about a registered socket happens on this thread; other threads hand it work with <see cref="Post"/>.
/// </summary>
internal sealed class PollLoop : IDisposable
{
    private const ulong WakeToken = ulong.MaxValue;
    private const int EventsPerWait = 256;

    /// <summary>What one read takes at most: room for many pipelined requests, shared by the loop's connections.</summary>
    private const int ReadBufferSize = 16 * 1024;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<PolledConnection?> _slots = [];
    private readonly Stack<int> _freeSlots = new();

    /// <summary>Slots freed during this round of events, given out again only after it.</summary>
    private readonly List<int> _released = [];
    private int _wakePending;
    private int _disposed;
    private volatile bool _stopping;

    private readonly Action<Exception> _onFault;

    /// <summary><paramref name="onFault"/> hears of work that failed on the loop (a bug: the loop itself goes on).</summary>
    public PollLoop(string name, Action<Exception> onFault)
    {
        _onFault = onFault;
        _epoll = CreateEpoll();
        if (_epoll < 0)
            throw new InvalidOperationException($"epoll_create1 failed: errno {LastError}");
        _wake = CreateEventFd();
        if (_wake < 0 || Control(_epoll, EpollCtlAdd, _wake, EpollIn, WakeToken) < 0)
            throw new InvalidOperationException($"the poll loop's eventfd could not be made: errno {LastError}");
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Linux on x86-64, the layout of <see cref="EpollEvent"/> this loop declares; elsewhere the runtime's sockets serve.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>The buffer every read of this loop goes into; what a connection must keep it copies out.</summary>
    public byte[] ReadBuffer { get; } = new byte[ReadBufferSize];

    public bool OnLoopThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>Runs <paramref name="work"/> on the loop's thread, after the events it is handling now.</summary>
    public void Post(Action work)
    {
        if (_stopping)
            return;
        _posted.Enqueue(work);
        if (!OnLoopThread && Interlocked.Exchange(ref _wakePending, 1) == 0)
            Signal(_wake);
    }

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/>; returns the token to change or remove it with. Loop thread only.</summary>
    public ulong Add(PolledConnection connection, int fd, uint events)
    {
        int slot;
        if (_freeSlots.Count > 0)
        {
            slot = _freeSlots.Pop();
            _slots[slot] = connection;
        }
        else
        {
            slot = _slots.Count;
            _slots.Add(connection);
        }
        var token = (ulong)slot;
        return Control(_epoll, EpollCtlAdd, fd, events, token) == 0 ? token : throw new InvalidOperationException($"epoll_ctl ADD failed: errno {LastError}");
    }

    public void Change(int fd, ulong token, uint events) => Control(_epoll, EpollCtlMod, fd, events, token);

    /// <summary>Stops watching the descriptor; its slot is given to another connection only once this round of events is done.</summary>
    public void Remove(int fd, ulong token)
    {
        Control(_epoll, EpollCtlDel, fd, 0, 0);
        _slots[(int)token] = null;
        _released.Add((int)token);
    }

    public void Dispose()
    {
        // Once: the server is stopped twice (StopAsync, then DisposeAsync), and by then another socket may have taken
        // the numbers of the descriptors closed the first time.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stopping = true;
        Signal(_wake);
        if (!OnLoopThread)
            _thread.Join();
        Close(_wake);
        Close(_epoll);
    }

    private void Run()
    {
        var events = new EpollEvent[EventsPerWait];
        while (!_stopping)
        {
            var ready = Wait(_epoll, events, -1);
            if (ready < 0 && LastError != Eintr)
                throw new InvalidOperationException($"epoll_wait failed: errno {LastError}");
            for (var i = 0; i < ready; i++)
            {
                var happened = events[i];
                if (happened.Data == WakeToken)
                {
                    Drain(_wake);
                    Volatile.Write(ref _wakePending, 0);
                    continue;
                }
                _slots[(int)happened.Data]?.OnEvents(happened.Events);
            }
            while (_posted.TryDequeue(out var work))
            {
                try
                {
                    work();
                }
                catch (Exception ex)
                {
                    _onFault(ex);
                }
            }
            foreach (var slot in _released)
                _freeSlots.Push(slot);
            _released.Clear();
        }
    }
}
