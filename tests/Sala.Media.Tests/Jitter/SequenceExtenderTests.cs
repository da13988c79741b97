using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>RFC 3550 §A.1's bounds on its own: up to 2 999 ahead and 99 behind stay in the stream, farther is a jump.</summary>
public sealed class SequenceExtenderTests
{
    private static SequenceExtender StartedAt(ushort sequence, out long first)
    {
        var extender = new SequenceExtender();
        extender.Extend(sequence, out first);
        return extender;
    }

    [Fact]
    public void Up_to_MaxDropout_minus_one_ahead_is_in_the_stream_and_MaxDropout_ahead_is_a_jump()
    {
        var extender = StartedAt(1000, out var first);
        Assert.Equal(SequenceStep.InStream, extender.Extend(1000 + SequenceExtender.MaxDropout - 1, out var extended));
        Assert.Equal(first + SequenceExtender.MaxDropout - 1, extended);

        extender = StartedAt(1000, out _);
        Assert.Equal(SequenceStep.Jumped, extender.Extend(1000 + SequenceExtender.MaxDropout, out _));
    }

    [Fact]
    public void Up_to_MaxMisorder_minus_one_behind_is_in_the_stream_and_MaxMisorder_behind_is_a_jump()
    {
        var extender = StartedAt(1000, out var first);
        Assert.Equal(SequenceStep.InStream, extender.Extend(1000 - SequenceExtender.MaxMisorder + 1, out var extended));
        Assert.Equal(first - SequenceExtender.MaxMisorder + 1, extended);

        Assert.Equal(SequenceStep.Jumped, extender.Extend(1000 - SequenceExtender.MaxMisorder, out _));
    }

    [Fact]
    public void A_lone_packet_numbered_1_far_from_the_stream_is_a_jump_not_a_restart()
    {
        // Only the packet right after a jump confirms a new stream; "no packet expected" must match no number.
        var extender = StartedAt(30_000, out _);
        Assert.Equal(SequenceStep.Jumped, extender.Extend(1, out _));

        extender = StartedAt(30_000, out _);
        extender.Extend(30_001, out _);
        Assert.Equal(SequenceStep.Jumped, extender.Extend(1, out _));
    }
}
