using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

public sealed class JitterBufferTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1);

    [Fact]
    public void Put_accepts_a_packet_and_drops_its_duplicate()
    {
        var buffer = new JitterBuffer();
        Assert.Equal(PutResult.Accepted, buffer.Put(10, 9600, 96, [1, 2, 3], T0));
        Assert.Equal(PutResult.Duplicate, buffer.Put(10, 9600, 96, [1, 2, 3], T0));
        Assert.Equal((1, 1, 1), (buffer.Received, buffer.Duplicates, buffer.Count));
    }

    [Fact]
    public void Oversized_payload_and_payload_type_over_127_are_rejected()
    {
        var buffer = new JitterBuffer();
        Assert.Equal(PutResult.Rejected, buffer.Put(1, 0, 96, new byte[1501], T0));
        Assert.Equal(PutResult.Rejected, buffer.Put(1, 0, 128, [1], T0));
        Assert.Equal(PutResult.Accepted, buffer.Put(1, 0, 96, new byte[1500], T0));
        Assert.Equal(PutResult.Accepted, buffer.Put(2, 960, 96, [], T0));
        Assert.Equal((2, 2), (buffer.Rejected, buffer.Received));
    }

    [Fact]
    public void Packets_a_little_behind_across_the_sequence_wrap_are_still_in_the_stream()
    {
        var buffer = new JitterBuffer();
        Assert.Equal(PutResult.Accepted, buffer.Put(2, 0, 96, [], T0));
        Assert.Equal(PutResult.Accepted, buffer.Put(65_535, 0, 96, [], T0));
        Assert.Equal(PutResult.Accepted, buffer.Put(0, 0, 96, [], T0));
        Assert.Equal(PutResult.Accepted, buffer.Put(1, 0, 96, [], T0));
        Assert.Equal(4, buffer.Count);
        Assert.True(buffer.TryPeek(buffer.Next, out var _, out _));
        Assert.True(buffer.TryPeek(buffer.Next + 3, out var _, out _));
    }

    [Fact]
    public void A_far_jump_is_dropped_unless_the_next_packet_follows_it_then_the_stream_restarts()
    {
        var buffer = new JitterBuffer();
        buffer.Put(100, 0, 96, [], T0);
        buffer.Put(101, 960, 96, [], T0);

        // RFC 3550 §A.1: one stray packet far away is not believed...
        Assert.Equal(PutResult.OutOfSequence, buffer.Put(40_000, 5, 96, [], T0));
        Assert.Equal(PutResult.Accepted, buffer.Put(102, 1920, 96, [], T0));
        Assert.Equal(3, buffer.Count);

        // ...but two in a row are a new stream: the old one is flushed.
        Assert.Equal(PutResult.OutOfSequence, buffer.Put(50_000, 5, 96, [], T0));
        Assert.Equal(PutResult.Accepted, buffer.Put(50_001, 965, 96, [], T0));
        Assert.Equal((1, 1L, 3L, 2L), (buffer.Count, buffer.Restarts, buffer.Flushed, buffer.OutOfSequence));
    }

    [Fact]
    public void Reset_flushes_and_accepts_any_sequence_next()
    {
        var buffer = new JitterBuffer();
        buffer.Put(100, 0, 96, [], T0);
        buffer.Reset();
        Assert.Equal(PutResult.Accepted, buffer.Put(30_000, 0, 96, [], T0));
        Assert.Equal((1, 1L), (buffer.Count, buffer.Flushed));
    }

    [Fact]
    public void A_sender_far_ahead_of_the_playout_pushes_out_the_oldest_packets()
    {
        var buffer = new JitterBuffer();
        for (ushort s = 0; s < 64; s++)
            buffer.Put(s, s * 960u, 96, [], T0);
        Assert.Equal(PutResult.Accepted, buffer.Put(70, 70 * 960, 96, [], T0));

        // 0..6 make room for 70: they are flushed unplayed.
        Assert.Equal((58, 7L, 0L), (buffer.Count, buffer.Flushed, buffer.Lost));
        Assert.Equal(PutResult.Late, buffer.Put(3, 3 * 960, 96, [], T0));
    }

    [Fact]
    public void Before_playout_starts_an_earlier_packet_becomes_the_first()
    {
        var buffer = new JitterBuffer();
        buffer.Put(10, 9600, 96, [], T0);
        Assert.Equal(PutResult.Accepted, buffer.Put(8, 7680, 96, [], T0));
        Assert.Equal(8 + (1L << 20), buffer.Next);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(new JitterBufferOptions { Capacity = 48 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(new JitterBufferOptions { Capacity = 32 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(new JitterBufferOptions { MinimumDelay = TimeSpan.FromSeconds(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(new JitterBufferOptions { JitterMultiplier = double.NaN }));
    }
}
