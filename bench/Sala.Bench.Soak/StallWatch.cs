using System.Diagnostics;

namespace Sala.Bench.Soak;

/// <summary>
/// A high-priority thread that sleeps a millisecond at a time and notes each wake that came late by more than
/// <see cref="Threshold"/>: a stall of the whole process (a garbage collection, the machine busy elsewhere) rather than
/// of the call. A gap in a soak's recording at the same moment as a stall here is the machine's, not the call's.
/// </summary>
internal sealed class StallWatch : IDisposable
{
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(10);

    private readonly long _started;
    private readonly Thread _thread;
    private readonly List<(TimeSpan At, TimeSpan Length)> _stalls = [];
    private readonly Lock _gate = new();
    private volatile bool _stopping;

    public StallWatch(long started)
    {
        _started = started;
        _thread = new Thread(Watch) { IsBackground = true, Name = "stall watch", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public IReadOnlyList<(TimeSpan At, TimeSpan Length)> Stalls
    {
        get
        {
            lock (_gate)
                return [.. _stalls];
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }

    private void Watch()
    {
        var before = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            Thread.Sleep(1);
            var after = Stopwatch.GetTimestamp();
            var slept = Stopwatch.GetElapsedTime(before, after);
            if (slept > Threshold)
            {
                lock (_gate)
                    _stalls.Add((Stopwatch.GetElapsedTime(_started, before), slept));
            }
            before = after;
        }
    }
}
