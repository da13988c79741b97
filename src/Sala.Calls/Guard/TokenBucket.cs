namespace Sala.Calls.Guard;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: up to <c>burst</c> events at once, refilled at <c>perSecond</c>.
/// Not thread-safe; the caller serialises.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    public TokenBucket(TimeProvider time, double perSecond, double burst)
    {
        _time = time;
        _perSecond = perSecond;
        _burst = burst;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + _time.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
        _last = now;
        if (_tokens < 1)
            return false;
        _tokens--;
        return true;
    }
}
