namespace Sala.Audio.Tests;

public sealed class SampleRingTests
{
    private const int Frame = 960;

    [Fact]
    public void Read_returns_the_samples_in_the_order_written()
    {
        var ring = new SampleRing(limit: 4 * Frame, maxWrite: Frame);
        ring.Write(Counting(0, 500));
        ring.Write(Counting(500, 700));
        var frame = new short[Frame];

        Assert.True(ring.TryRead(frame));

        Assert.Equal(Counting(0, Frame), frame);
        Assert.Equal(240, ring.Available);
        Assert.Equal(0, ring.Overruns);
    }

    [Fact]
    public void Read_of_more_than_is_waiting_consumes_nothing()
    {
        var ring = new SampleRing(limit: 4 * Frame, maxWrite: Frame);
        ring.Write(Counting(0, 600));
        var frame = new short[Frame];

        Assert.False(ring.TryRead(frame));
        ring.Write(Counting(600, 400));

        Assert.True(ring.TryRead(frame));
        Assert.Equal(Counting(0, Frame), frame);
    }

    [Fact]
    public void Falling_behind_the_limit_drops_the_oldest_down_to_half_the_limit_and_counts_one_overrun()
    {
        var ring = new SampleRing(limit: 4 * Frame, maxWrite: Frame);
        for (var i = 0; i < 7; i++)
            ring.Write(Counting(i * Frame, Frame));
        var frame = new short[Frame];

        Assert.True(ring.TryRead(frame));

        Assert.Equal(1, ring.Overruns);
        // Kept: the newest two frames (half the limit); read: the older of them.
        Assert.Equal(Counting(5 * Frame, Frame), frame);
        Assert.Equal(Frame, ring.Available);
    }

    [Fact]
    public void Writes_wrap_around_the_buffer_many_times_without_loss()
    {
        var ring = new SampleRing(limit: 2 * Frame, maxWrite: Frame);
        var frame = new short[Frame];
        for (var i = 0; i < 100; i++)
        {
            ring.Write(Counting(i * Frame, Frame));
            Assert.True(ring.TryRead(frame));
            Assert.Equal(Counting(i * Frame, Frame), frame);
        }

        Assert.Equal(0, ring.Overruns);
    }

    [Fact]
    public void ReadAvailable_takes_what_is_there()
    {
        var ring = new SampleRing(limit: 4 * Frame, maxWrite: Frame);
        ring.Write(Counting(0, 300));
        var frame = new short[Frame];

        Assert.Equal(300, ring.ReadAvailable(frame));
        Assert.Equal(Counting(0, 300), frame[..300]);
        Assert.Equal(0, ring.ReadAvailable(frame));
    }

    [Fact]
    public void A_racing_producer_never_hands_the_consumer_a_torn_frame()
    {
        // The producer writes a counter as fast as it can, the consumer reads frames as fast as it can: it falls behind
        // and drops (overruns), often while the producer overwrites the very slots being copied, but every frame it
        // gets must be a run of consecutive values, never a mix of two laps.
        var ring = new SampleRing(limit: 2 * Frame, maxWrite: 480);
        var stop = false;
        var producer = new Thread(() =>
        {
            var chunk = new short[480];
            var next = 0;
            while (!Volatile.Read(ref stop))
            {
                var length = 1 + (next % 479);
                for (var i = 0; i < length; i++)
                    chunk[i] = (short)(next + i);
                ring.Write(chunk.AsSpan(0, length));
                next += length;
            }
        });
        producer.Start();
        var frame = new short[Frame];
        var reads = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        try
        {
            while (reads < 1000 && DateTime.UtcNow < deadline)
            {
                if (!ring.TryRead(frame))
                    continue;
                reads++;
                for (var i = 1; i < frame.Length; i++)
                    Assert.True((short)(frame[i - 1] + 1) == frame[i], $"torn frame at {i}: {frame[i - 1]} then {frame[i]}");
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            producer.Join();
        }

        Assert.True(reads > 20, $"only {reads} reads");
        Assert.True(ring.Overruns > 0, "the consumer never fell behind, so the race was not exercised");
    }

    private static short[] Counting(int from, int count) => Enumerable.Range(from, count).Select(i => (short)i).ToArray();
}
