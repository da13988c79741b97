using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>The replay window of RFC 3711 §3.3.2 on its own: which indices it calls replays as packets come in.</summary>
public sealed class ReplayWindowTests
{
    private static ReplayWindow Accepted(params long[] indices)
    {
        var window = new ReplayWindow();
        foreach (var index in indices)
            window.Accept(index);
        return window;
    }

    [Fact]
    public void Nothing_is_a_replay_before_the_first_packet()
    {
        var window = new ReplayWindow();
        Assert.Equal(-1, window.Highest);
        Assert.False(window.IsReplay(0));
        Assert.False(window.IsReplay(1000));
    }

    [Fact]
    public void An_index_is_a_replay_once_accepted_and_one_above_the_highest_is_not()
    {
        var window = Accepted(10);
        Assert.True(window.IsReplay(10));
        Assert.False(window.IsReplay(11));
        Assert.Equal(10, window.Highest);
    }

    [Fact]
    public void The_packet_just_below_the_highest_is_remembered_when_the_window_moves_up_by_one()
    {
        var window = Accepted(5, 6);
        Assert.True(window.IsReplay(5));
        Assert.True(window.IsReplay(6));
        Assert.False(window.IsReplay(4));
        Assert.Equal(6, window.Highest);
    }

    [Fact]
    public void A_first_packet_with_index_zero_is_remembered_when_the_next_one_arrives()
    {
        var window = Accepted(0, 1);
        Assert.True(window.IsReplay(0));
        Assert.True(window.IsReplay(1));
    }

    [Fact]
    public void A_reordered_packet_within_the_window_is_accepted_once_and_then_a_replay()
    {
        var window = Accepted(10);
        Assert.False(window.IsReplay(8));
        window.Accept(8);
        Assert.True(window.IsReplay(8));
        Assert.False(window.IsReplay(9));
        Assert.Equal(10, window.Highest);
    }

    [Fact]
    public void Accepting_the_same_reordered_index_twice_keeps_it_a_replay()
    {
        var window = Accepted(10, 8, 8);
        Assert.True(window.IsReplay(8));
    }

    [Fact]
    public void Sixty_three_below_the_highest_is_still_in_the_window_and_sixty_four_below_is_not()
    {
        var window = Accepted(100);
        Assert.False(window.IsReplay(37));
        Assert.True(window.IsReplay(36));
        Assert.True(window.IsReplay(0));
        window.Accept(37);
        Assert.True(window.IsReplay(37));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void A_jump_of_the_window_size_or_more_forgets_what_was_seen_below(long jump)
    {
        // Marks at 1 and 3 (two apart): a window shifted by (jump mod 64) instead of cleared would show them again.
        var window = Accepted(1, 3, 3 + jump);
        Assert.False(window.IsReplay(3 + jump - 1));
        Assert.False(window.IsReplay(3 + jump - 2));
        Assert.True(window.IsReplay(3 + jump));
    }

    [Fact]
    public void A_jump_within_the_window_keeps_the_earlier_marks_at_their_new_distance()
    {
        var window = Accepted(1, 3, 40);
        Assert.True(window.IsReplay(1));
        Assert.True(window.IsReplay(3));
        Assert.False(window.IsReplay(2));
        Assert.False(window.IsReplay(39));
    }
}
