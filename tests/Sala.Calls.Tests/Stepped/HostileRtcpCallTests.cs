using System.Buffers.Binary;
using System.Net;
using Sala.Calls.Security;
using Sala.Media.Analysis;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Protocol.Rtcp;
using Sala.Protocol.Rtp;

namespace Sala.Calls.Tests.Stepped;

/// <summary>
/// What other stacks and strangers send on a call's port, on the fake clock: RTCP feedback, stray RTP from other
/// sources, forged and replayed reports. None of it may cut the audio or change the figures; all of it is counted.
/// </summary>
public sealed class HostileRtcpCallTests
{
    private static readonly IPEndPoint AliceAddress = SteppedPhones.EndPointOf(5000);
    private static readonly IPEndPoint BobAddress = SteppedPhones.EndPointOf(5001);
    private const double AliceTone = 600;

    [Fact]
    public async Task Feedback_and_stray_packets_from_other_sources_leave_no_gap_in_a_continuous_tone()
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(AliceTone), EncryptionPolicy.Off);
        var bob = phones.Add("bob", 5001, () => new SilenceSource(), EncryptionPolicy.Off);
        Connect(phones, alice.Agent, bob.Agent);
        phones.Step(50);

        var feedback = 0;
        var strays = 0;
        for (var frame = 0; frame < 250; frame++)
        {
            // What WebRTC and GStreamer peers send, every frame: NACK, PLI, TWCC, XR, alone or after a report.
            foreach (var packet in FeedbackPackets(frame))
            {
                phones.Network.Inject(packet, AliceAddress, BobAddress);
                feedback++;
            }
            feedback++; // the compound one below carries one NACK besides its RR
            phones.Network.Inject([.. ReceiverReport(0x0BAD_F00D), .. FeedbackPackets(frame)[0]], AliceAddress, BobAddress);
            // Stray RTP: a new SSRC every few frames, and a second stream in sequence alongside alice's.
            if (frame % 3 == 0)
            {
                phones.Network.Inject(Rtp((uint)(0x5000 + frame), (ushort)(frame * 77), PayloadFit.PcmFrameBytes), AliceAddress, BobAddress);
                strays++;
            }
            phones.Network.Inject(Rtp(0x7777_7777, (ushort)frame, PayloadFit.PcmFrameBytes), AliceAddress, BobAddress);
            strays++;
            phones.Step();
        }
        phones.Step(50);
        alice.Agent.HangUp();
        var ended = phones.StepUntil<CallEndedEvent>(bob.Agent);

        var media = ended.Media!;
        var breaks = ToneContinuity.Find(bob.Devices.Speakers.Single().Samples, AliceTone, TimeSpan.FromSeconds(0.5));
        Assert.True(breaks.None, breaks.ToString());
        Assert.Equal(0, media.Lost);
        Assert.Equal(0, media.Concealed);
        Assert.Equal(0, media.Playout.Restarts);
        Assert.Equal(strays, media.Discarded.OnProbation);
        Assert.Equal(feedback, media.Discarded.Feedback);
        Assert.Equal(0, media.Discarded.Unknown);
    }

    [Fact]
    public async Task A_forged_report_changes_the_figures_of_a_clear_call_but_not_of_an_encrypted_one()
    {
        var clear = await ForgedReportCallAsync(EncryptionPolicy.Off);
        var encrypted = await ForgedReportCallAsync(EncryptionPolicy.Required);

        // The forgery claims half of alice's packets lost and 500 ms of jitter: believed in the clear...
        Assert.Equal(0.5, clear.PeerLossFraction!.Value, 2);
        Assert.Equal(0, clear.Discarded.RejectedReports);
        // ...dropped and counted under SRTCP, where the figures stay bob's own.
        Assert.Equal((double?)0, encrypted.PeerLossFraction);
        Assert.True(encrypted.PeerJitter < TimeSpan.FromMilliseconds(5), $"peer jitter {encrypted.PeerJitter}");
        Assert.Equal(ForgedReports, encrypted.Discarded.RejectedReports);
    }

    [Fact]
    public async Task A_replayed_report_is_rejected_and_counted()
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(AliceTone));
        var bob = phones.Add("bob", 5001, () => new SilenceSource());
        Connect(phones, alice.Agent, bob.Agent);

        byte[]? captured = null;
        phones.Network.Filter = (datagram, from, to) =>
        {
            if (to.Equals(AliceAddress) && DatagramClassifier.Classify(datagram) == DatagramKind.Rtcp)
                captured ??= datagram.ToArray();
            return true;
        };
        phones.Step(200);
        Assert.NotNull(captured);
        for (var i = 0; i < 3; i++)
            phones.Network.Inject(captured, BobAddress, AliceAddress);
        phones.Step(20);
        bob.Agent.HangUp();
        var ended = phones.StepUntil<CallEndedEvent>(alice.Agent);

        Assert.Equal(3, ended.Media!.Discarded.RejectedReports);
    }

    [Theory]
    [InlineData(EncryptionPolicy.Required, true)]
    [InlineData(EncryptionPolicy.Off, false)]
    public async Task Reports_travel_as_srtcp_exactly_when_the_call_is_encrypted(EncryptionPolicy policy, bool srtcp)
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(AliceTone), policy);
        var bob = phones.Add("bob", 5001, () => new SilenceSource(), policy);
        var reports = new List<byte[]>();
        phones.Network.Filter = (datagram, _, _) =>
        {
            if (DatagramClassifier.Classify(datagram) == DatagramKind.Rtcp)
                reports.Add(datagram.ToArray());
            return true;
        };
        Connect(phones, alice.Agent, bob.Agent);
        // 8 s: reports are spread at random over 1-3 s (the first within 1.5 s), so each side sends at least three.
        phones.Step(400);
        alice.Agent.HangUp();
        phones.StepUntil<CallEndedEvent>(bob.Agent);

        Assert.True(reports.Count >= 4, $"{reports.Count} reports");
        foreach (var report in reports)
        {
            // SRTCP ends with the E flag and index; its encrypted body does not parse as RTCP.
            Assert.Equal(!srtcp, RtcpPacket.TryParse(report, out _));
            Assert.Equal(srtcp, (report[^4] & 0x80) != 0);
        }
    }

    [Fact]
    public async Task The_callee_sends_no_audio_before_the_callers_go_ahead()
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(AliceTone));
        var bob = phones.Add("bob", 5001, () => new ToneSource(400));
        // Every datagram on the wire, in order, as "who:what"; alice's go-ahead (CALLBACK, or her audio) held back at
        // first, as a lossy network might.
        var wire = new List<string>();
        var holdGoAhead = true;
        phones.Network.Filter = (datagram, from, _) =>
        {
            var kind = DatagramClassifier.Classify(datagram);
            var what = kind == DatagramKind.Signaling ? System.Text.Encoding.UTF8.GetString(datagram).Split(' ')[0] : kind.ToString();
            var who = from.Equals(BobAddress) ? "bob" : "alice";
            if (holdGoAhead && who == "alice" && what is "CALLBACK" or "Rtp" or "Rtcp")
                return false;
            wire.Add($"{who}:{what}");
            return true;
        };
        Assert.True(alice.Agent.Call("bob", BobAddress));
        phones.StepUntil<IncomingCallEvent>(bob.Agent);
        bob.Agent.Accept();
        phones.Step(100);
        Assert.Contains("bob:ACEITO", wire);
        Assert.DoesNotContain(wire, w => w is "bob:Rtp" or "bob:Rtcp");

        holdGoAhead = false;
        phones.StepUntil<CallConnectedEvent>(bob.Agent);
        phones.Step(100);

        var goAhead = wire.FindIndex(w => w is "alice:CALLBACK" or "alice:Rtp");
        var firstMedia = wire.FindIndex(w => w is "bob:Rtp" or "bob:Rtcp");
        Assert.True(goAhead >= 0 && firstMedia > goAhead, string.Join(", ", wire.Take(30)));
    }

    [Fact]
    public async Task Hanging_up_sends_an_rtcp_bye_from_each_side()
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(AliceTone), EncryptionPolicy.Off);
        var bob = phones.Add("bob", 5001, () => new SilenceSource(), EncryptionPolicy.Off);
        var goodbyes = new List<IPEndPoint>();
        phones.Network.Filter = (datagram, from, _) =>
        {
            if (RtcpPacket.TryParse(datagram, out var packet) && packet.HasGoodbye)
                goodbyes.Add(from);
            return true;
        };
        Connect(phones, alice.Agent, bob.Agent);
        phones.Step(100);
        Assert.Empty(goodbyes);
        alice.Agent.HangUp();
        phones.StepUntil<CallEndedEvent>(bob.Agent);
        await alice.Agent.WhenMediaStoppedAsync();
        await bob.Agent.WhenMediaStoppedAsync();
        phones.Step(2);

        Assert.Contains(AliceAddress, goodbyes);
        Assert.Contains(BobAddress, goodbyes);
    }

    private const int ForgedReports = 5;

    private static async Task<Sala.Calls.Media.MediaStatistics> ForgedReportCallAsync(EncryptionPolicy policy)
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(AliceTone), policy);
        var bob = phones.Add("bob", 5001, () => new SilenceSource(), policy);
        uint? aliceSsrc = null;
        phones.Network.Filter = (datagram, from, _) =>
        {
            if (from.Equals(AliceAddress) && DatagramClassifier.Classify(datagram) == DatagramKind.Rtp)
                aliceSsrc ??= BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(8));
            return true;
        };
        Connect(phones, alice.Agent, bob.Agent);
        phones.Step(200);
        Assert.NotNull(aliceSsrc);

        // A report as bob's would be, about alice's stream: 128/256 lost, jitter of 24 000 units (500 ms at 48 kHz).
        var forged = new ReceiverReport(0x0BAD_F00D, new ReportBlock(aliceSsrc.Value, 128, 1000, 70000, 24000, 0, 0));
        var bytes = new byte[RtcpPacket.GetCompoundLength(forged, "bob@sala")];
        RtcpPacket.WriteCompound(bytes, forged, "bob@sala");
        // From here on bob's own reports are held back, so what alice shows after this comes from the forgeries or
        // from nothing new; statistics are published every 10 frames.
        phones.Network.Filter = (datagram, from, to) => !(to.Equals(AliceAddress)
            && DatagramClassifier.Classify(datagram) == DatagramKind.Rtcp && !datagram.AsSpan().SequenceEqual(bytes));
        for (var i = 0; i < ForgedReports; i++)
            phones.Network.Inject(bytes, BobAddress, AliceAddress);
        phones.Step(20);
        var media = alice.Agent.Statistics!;
        alice.Agent.HangUp();
        phones.StepUntil<CallEndedEvent>(bob.Agent);
        return media;
    }

    private static byte[] ReceiverReport(uint ssrc)
    {
        var report = new ReceiverReport(ssrc);
        var bytes = new byte[RtcpPacket.GetCompoundLength(report, "x@y")];
        RtcpPacket.WriteCompound(bytes, report, "x@y");
        return bytes;
    }

    /// <summary>A NACK, a PLI, a TWCC and an XR, each a reduced-size packet of its own (RFC 5506).</summary>
    private static byte[][] FeedbackPackets(int frame) =>
    [
        [0x81, 0xCD, 0x00, 0x03, 0x0B, 0xAD, 0xF0, 0x0D, 0, 0, 0, 1, (byte)(frame >> 8), (byte)frame, 0x00, 0x01],
        [0x81, 0xCE, 0x00, 0x02, 0x0B, 0xAD, 0xF0, 0x0D, 0, 0, 0, 1],
        [0x8F, 0xCD, 0x00, 0x05, 0x0B, 0xAD, 0xF0, 0x0D, 0, 0, 0, 1, 0, 16, 0, 1, 0, 0, 1, 0, 0x20, 0x01, 0x04, 0x00],
        [0x80, 0xCF, 0x00, 0x04, 0x0B, 0xAD, 0xF0, 0x0D, 0x04, 0x00, 0x00, 0x02, 0xE3, 0xA1, 0xB2, 0xC3, 0x80, 0, 0, 0],
    ];

    private static byte[] Rtp(uint ssrc, ushort sequence, int payloadBytes)
    {
        var packet = new byte[RtpHeader.FixedLength + payloadBytes];
        new RtpHeader(RtpPayloadTypes.Pcm, sequence, (uint)sequence * 960, ssrc).WriteTo(packet);
        return packet;
    }

    private static void Connect(SteppedPhones phones, CallAgent caller, CallAgent callee)
    {
        Assert.True(caller.Call("bob", BobAddress));
        phones.StepUntil<IncomingCallEvent>(callee);
        callee.Accept();
        phones.StepUntil<CallConnectedEvent>(caller);
    }
}
