using Sala.Protocol.Limits;

namespace Sala.Registry;

/// <summary>
/// One token bucket per recipient, so a flood of messages to one user is refused without touching the others. A
/// bucket left alone until it has refilled is the same as a new one, so <see cref="Sweep"/> forgets those: the table
/// holds only recipients messaged within the last few seconds, however many names are tried.
/// </summary>
internal sealed class RecipientLimiter
{
    private readonly Dictionary<string, Entry> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeSpan _refill;

    public RecipientLimiter(TimeProvider time, double perSecond, int burst)
    {
        _time = time;
        _perSecond = perSecond;
        _burst = Math.Max(1, burst);
        _refill = perSecond > 0 ? TimeSpan.FromSeconds(_burst / perSecond) : TimeSpan.Zero;
    }

    /// <summary>Recipients with a bucket now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _buckets.Count;
        }
    }

    /// <summary>Takes one message's allowance for the recipient <paramref name="key"/>; false when it is used up.</summary>
    public bool TryTake(string key)
    {
        if (_perSecond <= 0)
            return true;
        lock (_gate)
        {
            if (!_buckets.TryGetValue(key, out var entry))
            {
                entry = new Entry(new TokenBucket(_time, _perSecond, _burst));
                _buckets[key] = entry;
            }
            entry.LastUsed = _time.GetTimestamp();
            return entry.Bucket.TryTake();
        }
    }

    /// <summary>Forgets the buckets untouched long enough to have refilled.</summary>
    public void Sweep()
    {
        lock (_gate)
        {
            foreach (var (key, entry) in _buckets)
            {
                if (_time.GetElapsedTime(entry.LastUsed) >= _refill)
                    _buckets.Remove(key);
            }
        }
    }

    private sealed class Entry(TokenBucket bucket)
    {
        public TokenBucket Bucket { get; } = bucket;

        public long LastUsed { get; set; }
    }
}
