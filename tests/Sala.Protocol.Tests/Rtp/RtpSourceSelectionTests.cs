using Sala.Protocol.Rtp;

namespace Sala.Protocol.Tests.Rtp;

public sealed class RtpSourceSelectionTests
{
    private const uint Peer = 0x1111;
    private const uint Other = 0x2222;

    [Fact]
    public void The_first_source_heard_plays_at_once()
    {
        var sources = new RtpSourceSelection();
        Assert.Equal(SourceVerdict.Play, sources.Offer(Peer, 10));
        Assert.Equal(SourceVerdict.Play, sources.Offer(Peer, 11));
        Assert.Equal(Peer, sources.Current);
    }

    [Fact]
    public void Stray_packets_of_other_sources_are_dropped_and_counted_while_the_stream_goes_on()
    {
        var sources = new RtpSourceSelection();
        sources.Offer(Peer, 10);
        Assert.Equal(SourceVerdict.Probation, sources.Offer(Other, 500));
        Assert.Equal(SourceVerdict.Play, sources.Offer(Peer, 11));
        Assert.Equal(SourceVerdict.Probation, sources.Offer(0x3333, 7));
        Assert.Equal(SourceVerdict.Probation, sources.Offer(Other, 900));
        Assert.Equal(SourceVerdict.Play, sources.Offer(Peer, 12));
        Assert.Equal(3, sources.ProbationDrops);
        Assert.Equal(Peer, sources.Current);
    }

    [Fact]
    public void A_second_stream_in_sequence_alongside_the_played_one_never_takes_over()
    {
        var sources = new RtpSourceSelection();
        for (ushort i = 0; i < 50; i++)
        {
            Assert.Equal(SourceVerdict.Play, sources.Offer(Peer, (ushort)(100 + i)));
            Assert.Equal(SourceVerdict.Probation, sources.Offer(Other, (ushort)(7000 + i)));
        }
        Assert.Equal(Peer, sources.Current);
        Assert.Equal(50, sources.ProbationDrops);
    }

    [Fact]
    public void A_restarted_stream_takes_over_after_packets_in_sequence_while_the_old_one_is_silent()
    {
        var sources = new RtpSourceSelection();
        sources.Offer(Peer, 10);
        Assert.Equal(SourceVerdict.Probation, sources.Offer(Other, 65535));
        Assert.Equal(SourceVerdict.Switch, sources.Offer(Other, 0));
        Assert.Equal(Other, sources.Current);
        Assert.Equal(SourceVerdict.Play, sources.Offer(Other, 1));
        // The old stream's late packets are now the strays.
        Assert.Equal(SourceVerdict.Probation, sources.Offer(Peer, 11));
    }

    [Fact]
    public void Out_of_sequence_packets_of_a_new_source_start_its_probation_over()
    {
        var sources = new RtpSourceSelection();
        sources.Offer(Peer, 10);
        Assert.Equal(SourceVerdict.Probation, sources.Offer(Other, 100));
        Assert.Equal(SourceVerdict.Probation, sources.Offer(Other, 102));
        Assert.Equal(SourceVerdict.Probation, sources.Offer(Other, 101));
        Assert.Equal(SourceVerdict.Switch, sources.Offer(Other, 102));
    }

    [Fact]
    public void No_source_is_current_before_the_first_packet()
    {
        var sources = new RtpSourceSelection();
        Assert.Null(sources.Current);
    }

    [Fact]
    public void A_packet_of_a_third_source_that_happens_to_follow_the_candidates_sequence_does_not_continue_its_run()
    {
        // A stranger cannot ride on a candidate's probation: the run belongs to one SSRC.
        var sources = new RtpSourceSelection();
        sources.Offer(Peer, 10);
        Assert.Equal(SourceVerdict.Probation, sources.Offer(Other, 100));
        Assert.Equal(SourceVerdict.Probation, sources.Offer(0x3333, 101));
        Assert.Equal(Peer, sources.Current);
    }
}
