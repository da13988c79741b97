namespace Sala.Media.Jitter;

/// <summary>
/// The smallest relative transit (arrival minus the packet's place in the stream) over the last ~2 s: the path of
/// the fastest recent packet. How long that packet waits before playout is the buffer's delay. A sliding window,
/// not an all-time minimum, so sender clock drift (transit creeping up by 5 ms a second at 0.5 %) and route changes
/// are followed.
/// </summary>
internal sealed class TransitFloor
{
    private const int Buckets = 4;
    private static readonly long BucketTicks = TimeSpan.FromMilliseconds(500).Ticks;

    private readonly long[] bucket = new long[Buckets];
    private readonly long[] minimum = new long[Buckets];
    private long latest;
    private bool any;

    public void Add(TimeSpan arrival, long transitTicks)
    {
        var index = FloorDivide(arrival.Ticks, BucketTicks);
        if (!any)
        {
            Array.Fill(bucket, long.MinValue);
            latest = index;
            any = true;
        }

        if (index <= latest - Buckets)
            return;

        latest = Math.Max(latest, index);
        var slot = (int)(index & (Buckets - 1));
        if (bucket[slot] != index)
        {
            if (bucket[slot] > index)
                return;
            bucket[slot] = index;
            minimum[slot] = transitTicks;
        }
        else if (transitTicks < minimum[slot])
        {
            minimum[slot] = transitTicks;
        }
    }

    public bool TryGetMinimum(out long transitTicks)
    {
        transitTicks = long.MaxValue;
        if (!any)
            return false;

        var found = false;
        for (var i = 0; i < Buckets; i++)
        {
            if (bucket[i] > latest - Buckets && minimum[i] < transitTicks)
            {
                transitTicks = minimum[i];
                found = true;
            }
        }

        return found;
    }

    public void Clear() => any = false;

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }
}
