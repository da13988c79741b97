using System.Net;
using Sala.Protocol.Calls;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Calls;

/// <summary>One retransmitted message on its own: when it is resent, how the interval grows, when it is due.</summary>
public sealed class RetransmissionTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 40_000);

    private static readonly CallTimings Timings = new()
    {
        RetransmitInitial = TimeSpan.FromMilliseconds(500),
        RetransmitMax = TimeSpan.FromSeconds(4),
    };

    private static readonly int[] DoublingUpToTheMaximum = [1_000, 2_000, 4_000, 4_000, 4_000, 4_000];

    private static Retransmission Started(TimeSpan giveUpAfter) =>
        new(SignalingMessage.Callback("c1"), Peer, SentAt, SentAt + giveUpAfter, Timings);

    [Fact]
    public void The_interval_doubles_from_the_initial_one_up_to_the_maximum_and_stays_there()
    {
        var retransmission = Started(TimeSpan.FromMinutes(1));
        var effects = new List<CallEffect>();
        var gaps = new List<TimeSpan>();
        var now = retransmission.NextSend;
        for (var i = 0; i < 6; i++)
        {
            retransmission.SendIfDue(now, effects);
            gaps.Add(retransmission.NextSend - now);
            now = retransmission.NextSend;
        }

        Assert.Equal(DoublingUpToTheMaximum, gaps.Select(g => (int)g.TotalMilliseconds));
        Assert.Equal(6, effects.Count);
        Assert.All(effects, e => Assert.Equal(Peer, Assert.IsType<SendSignal>(e).To));
    }

    [Fact]
    public void Nothing_is_sent_before_the_first_resend_is_due()
    {
        var retransmission = Started(TimeSpan.FromMinutes(1));
        var effects = new List<CallEffect>();

        retransmission.SendIfDue(SentAt + TimeSpan.FromMilliseconds(499), effects);

        Assert.Empty(effects);
        Assert.Equal(SentAt + TimeSpan.FromMilliseconds(500), retransmission.NextSend);
    }

    [Fact]
    public void The_deadline_is_the_next_resend_while_that_comes_before_giving_up()
    {
        var retransmission = Started(TimeSpan.FromSeconds(10));
        Assert.Equal(SentAt + TimeSpan.FromMilliseconds(500), retransmission.Deadline);
    }

    [Fact]
    public void The_deadline_is_giving_up_once_that_comes_before_the_next_resend()
    {
        var retransmission = Started(TimeSpan.FromMilliseconds(300));
        Assert.Equal(SentAt + TimeSpan.FromMilliseconds(300), retransmission.Deadline);
    }
}
