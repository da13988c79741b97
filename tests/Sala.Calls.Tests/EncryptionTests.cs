using System.Buffers.Binary;
using Sala.Calls.Security;
using Sala.Media.Analysis;
using Sala.Media.Devices;
using Sala.Protocol.Calls;
using Sala.Protocol.Rtp;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Tests;

public sealed class EncryptionTests
{
    private static async Task<(CallConnectedEvent Alice, CallConnectedEvent Bob)> ConnectAsync(Phone alice, Phone bob)
    {
        Assert.True(alice.Agent.Call("bob", bob.EndPoint));
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        return (await alice.NextAsync<CallConnectedEvent>(), await bob.NextAsync<CallConnectedEvent>());
    }

    [Fact]
    public async Task Calls_are_encrypted_by_default_and_both_sides_show_the_same_code()
    {
        await using var alice = Phone.Start("alice", () => new ToneSource(440));
        await using var bob = Phone.Start("bob", () => new ToneSource(660));
        var (aliceSide, bobSide) = await ConnectAsync(alice, bob);
        Assert.True(aliceSide.Security.Encrypted);
        Assert.Equal(aliceSide.Security.ShortAuthenticationString, bobSide.Security.ShortAuthenticationString);
        Assert.Equal(4, aliceSide.Security.ShortAuthenticationString!.Split(' ').Length);
    }

    [Theory]
    [InlineData(EncryptionPolicy.Required, false)]
    [InlineData(EncryptionPolicy.Off, true)]
    public async Task A_captured_pcm_tone_is_hidden_when_encrypted_and_plain_when_not(EncryptionPolicy policy, bool toneVisible)
    {
        CapturingTransport? tap = null;
        await using var alice = Phone.Start("alice", () => new ToneSource(1000), codec: "pcm", encryption: policy,
            wrap: t => tap = new CapturingTransport(t));
        await using var bob = Phone.Start("bob", () => new SilenceSource(), codec: "pcm", encryption: policy);
        var (aliceSide, _) = await ConnectAsync(alice, bob);
        Assert.Equal(!toneVisible, aliceSide.Security.Encrypted);
        await Eventually.TrueAsync(() => tap!.Sent.Count > 60, "a second of audio on the wire");

        var samples = new List<short>();
        foreach (var datagram in tap!.Sent.Where(d => DatagramClassifier.Classify(d) == DatagramKind.Rtp))
        {
            Assert.True(RtpHeader.TryParse(datagram, out _, out var offset, out var length));
            var payload = datagram.AsSpan(offset, length);
            for (var i = 0; i + 1 < payload.Length; i += 2)
                samples.Add(BinaryPrimitives.ReadInt16BigEndian(payload[i..]));
        }
        var toneLevel = AudioAnalysis.ToneLevel(samples.ToArray(), 1000);
        Assert.Equal(toneVisible, toneLevel > 0.5);
        if (!toneVisible)
            Assert.True(toneLevel < 0.05, $"tone level {toneLevel:0.000}");
    }

    [Fact]
    public async Task An_unencrypted_caller_is_refused_by_a_callee_that_requires_encryption()
    {
        await using var alice = Phone.Start("alice", () => new SilenceSource(), encryption: EncryptionPolicy.Off);
        await using var bob = Phone.Start("bob", () => new SilenceSource());
        alice.Agent.Call("bob", bob.EndPoint);
        Assert.Equal(CallEndReason.EncryptionRequired, (await alice.NextAsync<CallEndedEvent>()).Reason);
        var problem = await bob.Agent.Events.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Contains("not encrypted", Assert.IsType<CallProblemEvent>(problem).Message, StringComparison.Ordinal);
        Assert.Equal(CallState.Idle, bob.Agent.State);
    }

    [Fact]
    public async Task An_unencrypted_answer_is_refused_by_a_caller_that_requires_encryption()
    {
        await using var alice = Phone.Start("alice", () => new SilenceSource());
        await using var bob = Phone.Start("bob", () => new SilenceSource(), encryption: EncryptionPolicy.Off);
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        Assert.Equal(CallEndReason.PeerUnencrypted, (await alice.NextAsync<CallEndedEvent>()).Reason);
        await bob.NextAsync<CallEndedEvent>();
    }

    [Fact]
    public async Task A_side_that_allows_unencrypted_calls_talks_in_the_clear_with_one_that_does_not_encrypt()
    {
        await using var alice = Phone.Start("alice", () => new SilenceSource(), encryption: EncryptionPolicy.Preferred);
        await using var bob = Phone.Start("bob", () => new SilenceSource(), encryption: EncryptionPolicy.Off);
        var (aliceSide, bobSide) = await ConnectAsync(alice, bob);
        Assert.False(aliceSide.Security.Encrypted);
        Assert.False(bobSide.Security.Encrypted);
    }

    [Fact]
    public async Task Forged_hang_ups_and_audio_from_the_peers_own_address_do_not_disturb_an_encrypted_call()
    {
        await using var alice = Phone.Start("alice", () => new ToneSource(440));
        await using var bob = Phone.Start("bob", () => new ToneSource(660));
        var (aliceSide, _) = await ConnectAsync(alice, bob);
        var callId = aliceSide.Call.CallId;

        // Sent through bob's own socket: what an attacker who can spoof bob's address would get to alice.
        bob.Transport.Send(SignalingMessage.Hangup(callId, SignalingReason.Hangup).ToBytes(), alice.EndPoint);
        bob.Transport.Send((SignalingMessage.Hangup(callId, SignalingReason.Hangup) with
        {
            OtherFields = new Dictionary<string, string> { ["tag"] = "AAAAAAAAAAAAAAAAAAAAAA" },
        }).ToBytes(), alice.EndPoint);
        var forged = new byte[200];
        new RtpHeader(111, 1, 960, 0xDEADBEEF).WriteTo(forged);
        for (var i = 0; i < 20; i++)
            bob.Transport.Send(forged, alice.EndPoint);

        await Eventually.TrueAsync(() => alice.Agent.Statistics is { RejectedPackets: >= 20 }, "the forged packets to be refused");
        Assert.Equal(CallState.InCall, alice.Agent.State);
        Assert.True(alice.Agent.IgnoredDatagrams >= 2);
        bob.Agent.HangUp();
        Assert.Equal(CallEndReason.HungUpByPeer, (await alice.NextAsync<CallEndedEvent>()).Reason);
    }
}
