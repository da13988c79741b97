using System.Buffers.Binary;
using System.Net;
using Sala.Calls.Security;
using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Protocol.Rtp;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Tests.Stepped;

/// <summary>
/// Issue 15 item 2, on the fake clock: each side asks in its CONVITE or ACEITO for the packet time it wants to receive
/// (<c>ptime=</c>) and the other sends exactly that, 10, 20, 40 or 60 ms of Opus a packet, which the asker plays whole.
/// A side that asked for or was asked for 10 ms runs its audio on 10 ms frames, and still meets a wish of 20 to 60 ms.
/// </summary>
public sealed class PacketTimeCallTests
{
    private static readonly IPEndPoint AliceAddress = SteppedPhones.EndPointOf(5000);
    private static readonly IPEndPoint BobAddress = SteppedPhones.EndPointOf(5001);

    [Theory]
    [InlineData(null, 60)]
    [InlineData(40, null)]
    [InlineData(60, 20)]
    [InlineData(10, null)]
    [InlineData(null, 10)]
    [InlineData(10, 10)]
    [InlineData(60, 10)]
    public async Task Each_side_sends_the_packet_time_the_other_asked_for_and_both_play_it_whole(int? alicePacketTime, int? bobPacketTime)
    {
        await using var phones = new SteppedPhones(shortFrames: alicePacketTime == 10 || bobPacketTime == 10);
        var alice = phones.Add("alice", 5000, () => new ToneSource(600), EncryptionPolicy.Off, packetTime: alicePacketTime);
        var bob = phones.Add("bob", 5001, () => new ToneSource(400), EncryptionPolicy.Off, packetTime: bobPacketTime);
        var invite = (SignalingMessage?)null;
        var sent = new Dictionary<IPEndPoint, List<byte[]>> { [AliceAddress] = [], [BobAddress] = [] };
        phones.Network.Filter = (datagram, from, to) =>
        {
            if (DatagramClassifier.Classify(datagram) == DatagramKind.Rtp)
                sent[from].Add(datagram.ToArray());
            else if (SignalingMessage.TryParse(datagram, out var message, out _) && message.Kind == SignalingKind.Invite)
                invite ??= message;
            return true;
        };
        Assert.True(alice.Agent.Call("bob", BobAddress));
        phones.StepUntil<IncomingCallEvent>(bob.Agent);
        bob.Agent.Accept();
        phones.StepUntil<CallConnectedEvent>(alice.Agent);
        phones.Step(150);
        alice.Agent.HangUp();
        var aliceEnded = phones.StepUntil<CallEndedEvent>(alice.Agent);
        var bobEnded = phones.StepUntil<CallEndedEvent>(bob.Agent);

        Assert.Equal(alicePacketTime, invite!.PacketTime);
        AssertPackets(sent[AliceAddress], bobPacketTime ?? 20);
        AssertPackets(sent[BobAddress], alicePacketTime ?? 20);
        foreach (var (ended, heard, hz) in new[] { (aliceEnded, alice.Devices, 400.0), (bobEnded, bob.Devices, 600.0) })
        {
            var breaks = ToneContinuity.Find(heard.Speakers.Single().Samples, hz, TimeSpan.FromSeconds(0.5));
            Assert.True(breaks.None && breaks.Windows > 400, breaks.ToString());
            Assert.Equal(0, ended.Media!.Lost + ended.Media.Concealed);
            // Both sides run on 10 ms frames when either asked for 10 ms packets, the asker too.
            Assert.Equal(alicePacketTime == 10 || bobPacketTime == 10 ? 10 : 20, ended.Media.FrameMilliseconds);
        }
    }

    /// <summary>Every packet of the stream lasts <paramref name="milliseconds"/> by its TOC and by the timestamps' step.</summary>
    private static void AssertPackets(List<byte[]> packets, int milliseconds)
    {
        Assert.True(packets.Count > 10, $"{packets.Count} packets");
        var samples = milliseconds * 48;
        for (var i = 0; i < packets.Count; i++)
        {
            Assert.True(RtpHeader.TryParse(packets[i], out var header, out var offset, out var length));
            Assert.True(OpusPacket.TryGetSamples(packets[i].AsSpan(offset, length), out var duration));
            Assert.Equal(samples, duration);
            if (i > 0)
                Assert.Equal((uint)samples, header.Timestamp - BinaryPrimitives.ReadUInt32BigEndian(packets[i - 1].AsSpan(4)));
        }
    }
}
