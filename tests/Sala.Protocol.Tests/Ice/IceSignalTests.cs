using System.Net;
using Sala.Protocol.Ice;

namespace Sala.Protocol.Tests.Ice;

public sealed class IceSignalTests
{
    private static readonly IceCredentials Credentials = new("abcdefgh", "abcdefghijklmnopqrstuvwx");

    [Fact]
    public void An_offer_formats_and_parses_back_with_every_kind_of_candidate_and_both_families()
    {
        IceCandidate[] candidates =
        [
            IceCandidate.Create(IceCandidateKind.Host, new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5000)),
            IceCandidate.Create(IceCandidateKind.Host, new IPEndPoint(IPAddress.Parse("10.1.0.2"), 5000)),
            IceCandidate.Create(IceCandidateKind.ServerReflexive, new IPEndPoint(IPAddress.Parse("198.51.100.1"), 40000)),
            IceCandidate.Create(IceCandidateKind.Relayed, new IPEndPoint(IPAddress.Parse("198.51.100.20"), 49152)),
        ];
        var text = IceSignal.Offer("Qx81", Credentials, candidates).Format();

        Assert.Equal("OFFER call=Qx81 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=h/2001:db8::1/5000,h/10.1.0.2/5000,s/198.51.100.1/40000,r/198.51.100.20/49152", text);
        Assert.True(IceSignal.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(IceSignalKind.Offer, parsed.Kind);
        Assert.Equal("Qx81", parsed.CallId);
        Assert.Equal(Credentials, parsed.Credentials);
        Assert.Equal(candidates, parsed.Candidates);
    }

    [Fact]
    public void Busy_carries_only_the_call()
    {
        Assert.True(IceSignal.TryParse(IceSignal.Busy("Qx81").Format(), out var parsed, out _));
        Assert.Equal(IceSignalKind.Busy, parsed.Kind);
        Assert.Null(parsed.Credentials);
    }

    [Fact]
    public void Candidates_beyond_the_limit_or_the_length_are_left_out_of_the_text_best_first()
    {
        var many = Enumerable.Range(1, 20)
            .Select(i => IceCandidate.Create(IceCandidateKind.Host, new IPEndPoint(IPAddress.Parse($"2001:db8:1234:5678:9abc:def0:1234:{i:x4}"), 65000)))
            .ToList();
        var text = IceSignal.Answer("Qx81", Credentials, many).Format();

        Assert.True(text.Length <= IceSignal.MaxBytes);
        Assert.True(IceSignal.TryParse(text, out var parsed, out _));
        Assert.InRange(parsed.Candidates.Count, 1, IceSignal.MaxCandidates);
        Assert.Equal(many[0], parsed.Candidates[0]);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("HELLO call=1", "unknown message")]
    [InlineData("OFFER ice=abcdefgh:abcdefghijklmnopqrstuvwx", "call= is missing")]
    [InlineData("OFFER call=1", "ice= is missing")]
    [InlineData("OFFER call=1 ice=ab:abcdefghijklmnopqrstuvwx", "ice=")]
    [InlineData("OFFER call=1 ice=abcdefgh:short", "ice=")]
    [InlineData("OFFER call=1 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=x/1.2.3.4/5", "bad candidate")]
    [InlineData("OFFER call=1 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=h/1.2.3.4/0", "bad candidate")]
    [InlineData("OFFER call=1 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=h/0.0.0.0/5", "bad candidate")]
    [InlineData("OFFER call=1 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=h/not-an-ip/5", "bad candidate")]
    [InlineData("OFFER call=1 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=h/255.255.255.255/5", "bad candidate")]
    [InlineData("OFFER call=1 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=h/239.1.2.3/5", "bad candidate")]
    [InlineData("OFFER call=1 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=h/ff02::1/5", "bad candidate")]
    [InlineData("OFFER call=!! ice=abcdefgh:abcdefghijklmnopqrstuvwx", "call=")]
    [InlineData("OFFER call=1 junk", "key=value")]
    public void Malformed_texts_are_refused_with_a_reason(string text, string why)
    {
        Assert.False(IceSignal.TryParse(text, out _, out var error));
        Assert.Contains(why, error);
    }

    [Fact]
    public void More_than_eight_candidates_or_an_overlong_text_are_refused()
    {
        var nine = string.Join(',', Enumerable.Range(1, 9).Select(i => $"h/10.0.0.{i}/5000"));
        Assert.False(IceSignal.TryParse($"OFFER call=1 ice=abcdefgh:abcdefghijklmnopqrstuvwx cand={nine}", out _, out var error));
        Assert.Contains("more than 8", error);
        Assert.False(IceSignal.TryParse("OFFER call=1 " + new string('x', 500), out _, out error));
        Assert.Contains("longer", error);
    }

    [Fact]
    public void Priorities_put_host_over_reflexive_over_relayed_and_IPv6_over_IPv4()
    {
        var v4 = IPAddress.Parse("10.0.0.1");
        var v6 = IPAddress.Parse("2001:db8::1");
        Assert.True(IceCandidate.PriorityOf(IceCandidateKind.Host, v4) > IceCandidate.PriorityOf(IceCandidateKind.PeerReflexive, v4));
        Assert.True(IceCandidate.PriorityOf(IceCandidateKind.PeerReflexive, v4) > IceCandidate.PriorityOf(IceCandidateKind.ServerReflexive, v4));
        Assert.True(IceCandidate.PriorityOf(IceCandidateKind.ServerReflexive, v4) > IceCandidate.PriorityOf(IceCandidateKind.Relayed, v4));
        Assert.True(IceCandidate.PriorityOf(IceCandidateKind.Host, v6) > IceCandidate.PriorityOf(IceCandidateKind.Host, v4));
        // RFC 8445 §5.1.2.1: (2^24)*126 + (2^8)*65535 + 255 for an IPv6 host candidate of component 1.
        Assert.Equal((126u << 24) + (65535u << 8) + 255u, IceCandidate.PriorityOf(IceCandidateKind.Host, v6));
    }

    [Fact]
    public void The_pair_priority_follows_RFC_8445_and_is_the_same_seen_from_both_sides()
    {
        // 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0), G the controlling side's candidate.
        Assert.Equal((5ul << 32) + 2ul * 7 + 1, IceCandidate.PairPriority(7, 5));
        Assert.Equal((5ul << 32) + 2ul * 7, IceCandidate.PairPriority(5, 7));
    }

    [Fact]
    public void IPv4_mapped_addresses_are_stored_as_plain_IPv4()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("198.51.100.1").MapToIPv6(), 5000);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 5000), IceCandidate.Create(IceCandidateKind.Host, mapped).EndPoint);
    }
}
