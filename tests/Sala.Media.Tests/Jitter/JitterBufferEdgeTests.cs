using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>
/// The jitter buffer at its edges: the largest payload type, a packet exactly a buffer ahead of playout, and a packet
/// too late to play, which still tells how the network behaves.
/// </summary>
public sealed class JitterBufferEdgeTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void Payload_type_127_is_the_largest_of_the_seven_bits_and_is_accepted()
    {
        var buffer = new JitterBuffer();
        Assert.Equal(PutResult.Accepted, buffer.Put(1, 0, 127, [1], T0));
    }

    [Fact]
    public void A_packet_exactly_a_buffer_ahead_of_playout_pushes_the_oldest_out()
    {
        var buffer = new JitterBuffer();
        var slots = new JitterBufferOptions().Capacity;
        Assert.Equal(PutResult.Accepted, buffer.Put(10, 9600, 96, [1], T0));

        Assert.Equal(PutResult.Accepted, buffer.Put((ushort)(10 + slots), (uint)(960 * (10 + slots)), 96, [2], T0 + Frame));

        Assert.Equal(1, buffer.Count);
        // Playout moved up to the oldest position the slots can still hold beside the new packet.
        Assert.True(buffer.TryPeek(buffer.Next + slots - 1, out var payload, out _));
        Assert.Equal([2], payload.ToArray());
    }

    [Fact]
    public void A_packet_too_late_to_play_still_counts_in_the_jitter_estimate()
    {
        // 10 and 12 arrive on time, steadily: no jitter. 11 comes 200 ms late, after its turn has passed.
        var buffer = new JitterBuffer(new JitterBufferOptions { MinimumDelay = TimeSpan.Zero });
        buffer.Put(10, 9600, 96, [1], T0);
        buffer.Put(12, 11_520, 96, [1], T0 + (2 * Frame));
        Assert.True(buffer.TryStart(T0 + (2 * Frame)));
        buffer.ConsumeNext();
        buffer.ConsumeNext();
        buffer.ConsumeNext();
        Assert.Equal(TimeSpan.Zero, buffer.Jitter);

        Assert.Equal(PutResult.Late, buffer.Put(11, 10_560, 96, [1], T0 + Frame + TimeSpan.FromMilliseconds(200)));

        Assert.Equal(1, buffer.Late);
        Assert.True(buffer.Jitter > TimeSpan.FromMilliseconds(10), $"jitter {buffer.Jitter}");
    }

    [Fact]
    public void A_shorter_packet_time_flushes_what_was_buffered_and_grows_the_slots_to_hold_the_delay_ceiling()
    {
        // 400 ms of 10 ms packets is 40 positions, which need 2 * 40 + 2 = 82 slots: 128, where 20 ms needed 64.
        var buffer = new JitterBuffer();
        buffer.Put(1, 960, 96, [1], T0);

        buffer.ChangeUnit(480);

        Assert.Equal((0, 1L), (buffer.Count, buffer.Restarts));
        Assert.Equal(PutResult.Accepted, buffer.Put(10, 4800, 96, [1], T0));
        Assert.Equal(PutResult.Accepted, buffer.Put(110, 4800 + (480 * 100), 96, [2], T0 + TimeSpan.FromSeconds(1)));
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void A_packet_time_of_zero_samples_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer().ChangeUnit(0));

    [Fact]
    public void Two_sequence_numbers_missing_before_a_played_packet_count_as_two_lost()
    {
        var buffer = new JitterBuffer(new JitterBufferOptions { MinimumDelay = TimeSpan.Zero });
        buffer.Put(10, 9600, 96, [1], T0);
        buffer.Put(13, 12_480, 96, [1], T0 + (3 * Frame));
        Assert.True(buffer.TryStart(T0 + (3 * Frame)));

        for (var i = 0; i < 4; i++)
            buffer.ConsumeNext();

        Assert.Equal(2, buffer.Lost);
    }
}
