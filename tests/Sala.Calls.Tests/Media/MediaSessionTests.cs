using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sala.Calls.Media;
using Sala.Calls.Transport;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Protocol.Calls;
using Sala.Protocol.Rtcp;
using Sala.Protocol.Rtp;
using Sala.Protocol.Security;

namespace Sala.Calls.Tests.Media;

/// <summary>One call's media on its own, frame by frame on a fake clock: what it sends, what it plays, what it counts.</summary>
public sealed class MediaSessionTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.9"), 5009);
    private static readonly TimeSpan Frame = AudioFormat.FrameDuration;

    private sealed class SentDatagrams : IDatagramSender
    {
        public List<byte[]> All { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination) => All.Add(datagram.ToArray());
    }

    private static MediaSession Session(SentDatagrams sent, bool sendAtOnce = true) => new(
        sent, Peer, new ToneSource(440), new RecordingSink(), AudioCodecs.PcmName, new FakeTimeProvider(), sendAtOnce: sendAtOnce,
        rtcpRandom: new Random(3));

    private static byte[] Pcm(ushort sequence, int payloadBytes, uint ssrc = 0x4242)
    {
        var packet = new byte[RtpHeader.FixedLength + payloadBytes];
        new RtpHeader(RtpPayloadTypes.Pcm, sequence, sequence * 960u, ssrc).WriteTo(packet);
        return packet;
    }

    [Fact]
    public async Task An_l16_payload_that_is_not_a_whole_frame_is_rejected_counted_and_never_played()
    {
        var sent = new SentDatagrams();
        await using var session = Session(sent);
        for (ushort sequence = 1; sequence <= 20; sequence++)
            session.OnRtp(Pcm(sequence, sequence == 10 ? 101 : PayloadFit.PcmFrameBytes), TimeSpan.Zero);
        for (var frame = 1; frame <= 30; frame++)
            session.ProcessFrame(frame * Frame);
        session.PublishStatistics();

        var statistics = session.Statistics;
        Assert.Equal(1, statistics.Discarded.InvalidPayloads);
        Assert.Equal(19, statistics.Playout.Received);
    }

    [Fact]
    public async Task A_callee_sends_nothing_until_it_is_told_to_then_audio_and_reports()
    {
        var sent = new SentDatagrams();
        await using var session = Session(sent, sendAtOnce: false);
        for (var frame = 1; frame <= 150; frame++)
            session.ProcessFrame(frame * Frame);
        Assert.Empty(sent.All);

        session.StartSending();
        for (var frame = 151; frame <= 300; frame++)
            session.ProcessFrame(frame * Frame);

        Assert.Equal(150, sent.All.Count(d => DatagramClassifier.Classify(d) == DatagramKind.Rtp));
        // The first report half an interval (0.5 to 1.5 s) after sending started, not at once for the time waited.
        var firstReport = sent.All.FindIndex(d => DatagramClassifier.Classify(d) == DatagramKind.Rtcp);
        Assert.InRange(firstReport, 25, 80);
    }

    [Fact]
    public async Task Ending_a_session_that_sent_sends_a_bye_and_one_that_never_sent_sends_nothing()
    {
        var talker = new SentDatagrams();
        var session = Session(talker);
        for (var frame = 1; frame <= 10; frame++)
            session.ProcessFrame(frame * Frame);
        await session.DisposeAsync();
        Assert.True(RtcpPacket.TryParse(talker.All[^1], out var last));
        Assert.True(last.HasGoodbye);
        Assert.Equal(10u, last.SenderReport!.SenderInfo.PacketCount);

        var silent = new SentDatagrams();
        var waiting = Session(silent, sendAtOnce: false);
        waiting.ProcessFrame(Frame);
        await waiting.DisposeAsync();
        Assert.Empty(silent.All);
    }

    [Fact]
    public async Task An_encrypted_sessions_reports_are_srtcp_the_peer_can_open_and_count_payload_octets_only()
    {
        using var ours = new CallKeyExchange();
        using var theirs = new CallKeyExchange();
        var transcript = new CallTranscript("c1", "alice", "bob", ours.PublicShare, theirs.PublicShare);
        Assert.True(ours.TryDerive(theirs.PublicShare, CallRole.Caller, transcript, out var keys));
        Assert.True(theirs.TryDerive(ours.PublicShare, CallRole.Callee, transcript, out var peerKeys));
        var sent = new SentDatagrams();
        var session = new MediaSession(sent, Peer, new ToneSource(440), new RecordingSink(), AudioCodecs.PcmName,
            new FakeTimeProvider(), keys);
        for (var frame = 1; frame <= 10; frame++)
            session.ProcessFrame(frame * Frame);
        await session.DisposeAsync();

        var bye = sent.All[^1];
        Assert.False(RtcpPacket.TryParse(bye, out _));
        using var peer = new SrtcpReceiver(
            SrtpKeyDerivation.RtcpSessionKey(peerKeys.ReceiveKey, peerKeys.ReceiveSalt),
            SrtpKeyDerivation.RtcpSessionSalt(peerKeys.ReceiveKey, peerKeys.ReceiveSalt));
        var length = bye.Length;
        Assert.True(peer.TryUnprotect(bye, ref length));
        Assert.True(RtcpPacket.TryParse(bye.AsSpan(0, length), out var report));
        Assert.True(report.HasGoodbye);
        Assert.Equal((uint)(10 * PayloadFit.PcmFrameBytes), report.SenderReport!.SenderInfo.OctetCount);
    }

    [Fact]
    public async Task Packets_that_do_not_parse_and_rtcp_that_does_not_are_counted_as_unknown()
    {
        var sent = new SentDatagrams();
        await using var session = Session(sent);
        session.OnRtp([0x80, 111, 0, 1], TimeSpan.Zero);
        session.OnRtcp([0x80, 0xC8, 0x00, 0x20, 1, 2, 3, 4], TimeSpan.Zero);
        session.ProcessFrame(Frame);
        session.PublishStatistics();

        Assert.Equal(2, session.Statistics.Discarded.Unknown);
    }
}
