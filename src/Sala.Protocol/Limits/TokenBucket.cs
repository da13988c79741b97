namespace Sala.Protocol.Limits;

/// <summary>
/// An allowance on a <see cref="TimeProvider"/>: up to <c>burst</c> events at once, refilled at <c>perSecond</c>
/// (a registry connection's requests, a call port's invitations). Not thread-safe: its one user serialises.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    public TokenBucket(TimeProvider time, double perSecond, double burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _time = time;
        _perSecond = perSecond;
        _burst = burst;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    public bool TryTake()
    {
        Refill();
        if (_tokens < 1)
            return false;
        _tokens--;
        return true;
    }

    /// <summary>How long until the next request would be allowed (zero when one is allowed now).</summary>
    public TimeSpan UntilNextToken()
    {
        Refill();
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + _time.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
        _last = now;
    }
}
