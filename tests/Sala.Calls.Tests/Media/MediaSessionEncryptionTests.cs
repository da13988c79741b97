using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sala.Calls.Media;
using Sala.Calls.Transport;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;
using Sala.Protocol.Calls;
using Sala.Protocol.Rtp;
using Sala.Protocol.Security;

namespace Sala.Calls.Tests.Media;

/// <summary>
/// Two media sessions wired to each other by hand: each frame is processed on a fake clock and what one sends is handed
/// to the other, so the figures and the verdicts on each packet are exact.
/// </summary>
public sealed class MediaSessionEncryptionTests
{
    private static readonly IPEndPoint AliceAddress = new(IPAddress.Parse("192.0.2.1"), 5000);
    private static readonly IPEndPoint BobAddress = new(IPAddress.Parse("192.0.2.1"), 5001);

    [Fact]
    public async Task Encrypted_frames_play_on_the_other_side_and_every_packet_counts()
    {
        await using var pair = Pair.Create();
        pair.Run(frames: 100);
        pair.Alice.PublishStatistics();
        pair.Bob.PublishStatistics();

        var sent = pair.Alice.Statistics;
        var received = pair.Bob.Statistics;
        Assert.True(sent.Encrypted);
        Assert.Equal(100, sent.PacketsSent);
        Assert.Equal(sent.PacketsSent, received.PacketsReceived);
        Assert.Equal(0, received.RejectedPackets);
        Assert.Equal(0, received.Lost);
        var lastSecond = pair.BobHeard.Samples[^AudioFormat.SampleRate..];
        Assert.True(AudioAnalysis.ToneLevel(lastSecond, 440) > 0.5, $"tone level {AudioAnalysis.ToneLevel(lastSecond, 440):0.00}");
    }

    [Fact]
    public async Task A_forged_a_replayed_and_an_unencrypted_packet_are_each_rejected_and_counted()
    {
        await using var pair = Pair.Create();
        pair.Run(frames: 10);
        var genuine = pair.LastRtpFromAlice!;
        var forged = genuine.ToArray();
        forged[^20] ^= 0x01;
        var plain = new byte[60];
        new RtpHeader(111, 1, 960, 0x1234).WriteTo(plain);

        Assert.False(pair.Bob.OnRtp(forged, TimeSpan.Zero));
        Assert.False(pair.Bob.OnRtp(genuine, TimeSpan.Zero));
        Assert.False(pair.Bob.OnRtp(plain, TimeSpan.Zero));
        Assert.Equal(3, pair.Bob.RejectedPackets);
        pair.Run(frames: 10);
        Assert.Equal(3, pair.Bob.RejectedPackets);
    }

    private sealed class Wire : IDatagramSender
    {
        public List<byte[]> Sent { get; } = [];

        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination) => Sent.Add(datagram.ToArray());
    }

    private sealed class Pair : IAsyncDisposable
    {
        private readonly FakeTimeProvider _time;
        private readonly Wire _aliceWire;
        private readonly Wire _bobWire;
        private int _frame;

        private Pair(FakeTimeProvider time, Wire aliceWire, Wire bobWire, MediaSession alice, MediaSession bob, RecordingSink bobHeard)
        {
            _time = time;
            _aliceWire = aliceWire;
            _bobWire = bobWire;
            Alice = alice;
            Bob = bob;
            BobHeard = bobHeard;
        }

        public MediaSession Alice { get; }

        public MediaSession Bob { get; }

        public RecordingSink BobHeard { get; }

        public byte[]? LastRtpFromAlice { get; private set; }

        public static Pair Create()
        {
            using var callerExchange = new CallKeyExchange();
            using var calleeExchange = new CallKeyExchange();
            var transcript = new CallTranscript("c1", "alice", "bob", callerExchange.PublicShare, calleeExchange.PublicShare);
            Assert.True(callerExchange.TryDerive(calleeExchange.PublicShare, CallRole.Caller, transcript, out var aliceKeys));
            Assert.True(calleeExchange.TryDerive(callerExchange.PublicShare, CallRole.Callee, transcript, out var bobKeys));
            var time = new FakeTimeProvider();
            var aliceWire = new Wire();
            var bobWire = new Wire();
            var bobHeard = new RecordingSink();
            var alice = new MediaSession(aliceWire, BobAddress, new ToneSource(440), new RecordingSink(), "opus", time, aliceKeys);
            var bob = new MediaSession(bobWire, AliceAddress, new SilenceSource(), bobHeard, "opus", time, bobKeys);
            return new Pair(time, aliceWire, bobWire, alice, bob, bobHeard);
        }

        /// <summary>Each frame: the clock moves 20 ms, each side processes its frame, and what it sent arrives at once.</summary>
        public void Run(int frames)
        {
            for (var i = 0; i < frames; i++)
            {
                _time.Advance(AudioFormat.FrameDuration);
                var now = AudioFormat.FrameDuration * ++_frame;
                Alice.ProcessFrame(now);
                Bob.ProcessFrame(now);
                Deliver(_aliceWire, Bob, fromAlice: true);
                Deliver(_bobWire, Alice, fromAlice: false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Alice.DisposeAsync();
            await Bob.DisposeAsync();
        }

        private void Deliver(Wire wire, MediaSession to, bool fromAlice)
        {
            foreach (var datagram in wire.Sent)
            {
                // RTCP's packet types 200 to 204 read as 72 to 76 in RTP's payload type bits.
                if ((datagram[1] & 0x7F) is >= 72 and <= 76)
                {
                    to.OnRtcp(datagram, TimeSpan.Zero);
                    continue;
                }
                Assert.True(to.OnRtp(datagram, TimeSpan.Zero));
                if (fromAlice)
                    LastRtpFromAlice = datagram;
            }
            wire.Sent.Clear();
        }
    }
}
