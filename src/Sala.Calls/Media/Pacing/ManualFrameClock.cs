namespace Sala.Calls.Media.Pacing;

/// <summary>
/// Paces a call's frames by hand, for tests: each <see cref="Step"/> lets the call's frame loop process exactly one
/// frame, at the time the call's <see cref="TimeProvider"/> gives, and returns once it has; or nothing, when the
/// loop's next frame is not due yet (a test stepping every 10 ms runs a call on 20 ms frames every other step). With a fake time provider
/// and an in-memory network a whole call runs deterministically, in no real time, through the same loop as a real one.
/// </summary>
public sealed class ManualFrameClock
{
    private readonly Lock _gate = new();
    private ManualTicker? _running;

    /// <summary>Processes one frame of the running call's audio if one is due; false (and nothing happens) when none runs.</summary>
    public bool Step()
    {
        ManualTicker? running;
        lock (_gate)
            running = _running;
        return running?.Step() ?? false;
    }

    internal IFrameTicker Open(Func<TimeSpan> now, TimeSpan frame)
    {
        var ticker = new ManualTicker(this, now, frame);
        lock (_gate)
            _running = ticker;
        return ticker;
    }

    private void Closed(ManualTicker ticker)
    {
        lock (_gate)
        {
            if (_running == ticker)
                _running = null;
        }
    }

    private sealed class ManualTicker(ManualFrameClock clock, Func<TimeSpan> now, TimeSpan frame) : IFrameTicker
    {
        /// <summary>A step that cannot finish in this long means the loop is stuck: the test fails rather than hangs.</summary>
        private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

        private readonly SemaphoreSlim _due = new(0);
        private readonly SemaphoreSlim _done = new(0);
        private volatile bool _closed;
        private bool _inFrame;
        private TimeSpan _nextDue = TimeSpan.MinValue;

        public bool Step()
        {
            if (_closed)
                return false;
            var at = now();
            if (at < _nextDue)
                return true;
            _nextDue = _nextDue == TimeSpan.MinValue ? at + frame : _nextDue + frame;
            // A test stepping less often than the call's frames would run it slower than real time, not fail: refuse.
            if (at >= _nextDue)
                throw new InvalidOperationException($"Stepped {at - _nextDue + frame} after a frame was due; the call runs on {frame.TotalMilliseconds} ms frames.");
            _due.Release();
            if (!_done.Wait(StepTimeout))
                throw new TimeoutException("The call's frame loop did not finish a frame in 10 s.");
            return true;
        }

        public bool WaitForFrame(CancellationToken cancellationToken, out TimeSpan frameTime)
        {
            // Asking for the next frame means the last one is done.
            if (_inFrame)
            {
                _inFrame = false;
                _done.Release();
            }
            try
            {
                _due.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            // A step and the call's end may both have come: the end wins, so a stepped call never plays one frame more.
            if (cancellationToken.IsCancellationRequested)
            {
                frameTime = default;
                return false;
            }
            _inFrame = true;
            frameTime = now();
            return true;
        }

        public void Dispose()
        {
            _closed = true;
            clock.Closed(this);
            // Whoever is still waiting in Step goes free; the semaphores stay undisposed for a Step that comes late.
            _done.Release(2);
        }
    }
}
