using System.Net;
using System.Net.Sockets;
using System.Text;
using Sala.Media.Devices;
using Sala.Protocol.Calls;
using Sala.Protocol.Rtp;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Tests;

/// <summary>A stranger who knows both addresses (and the call id) throws everything at a call; it goes on.</summary>
public sealed class HostileDatagramTests
{
    [Fact]
    public async Task Garbage_forged_control_foreign_audio_and_an_invite_flood_neither_end_nor_disturb_a_call()
    {
        await using var alice = Phone.Start("alice", () => new ToneSource(440));
        await using var bob = Phone.Start("bob", () => new ToneSource(660));
        alice.Agent.Call("bob", bob.EndPoint);
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        var call = (await alice.NextAsync<CallConnectedEvent>()).Call;
        await bob.NextAsync<CallConnectedEvent>();

        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(5);
        var sent = 0;
        void Throw(byte[] datagram)
        {
            foreach (var target in new[] { alice.EndPoint, bob.EndPoint })
                stranger.SendTo(datagram, target);
            sent++;
        }

        // Small enough that 500 of them fit the socket's receive buffer even when the machine is slow to read:
        // what the kernel drops for want of room is not the agent's to count.
        for (var i = 0; i < 500; i++)
        {
            var noise = new byte[random.Next(1, 200)];
            random.NextBytes(noise);
            Throw(noise);
        }
        Throw(new byte[8000]);
        Throw([0x80, 111, 0, 1]);
        var foreignAudio = new byte[172];
        new RtpHeader(111, 1000, 96_000, 0x1234).WriteTo(foreignAudio);
        for (var i = 0; i < 50; i++)
            Throw(foreignAudio);
        foreach (var text in new[] { "CONVITE", "ACEITO", "ENCERRAR call=", "CALLBACK call=", "REJEITADO call=x reason=??" })
            Throw(Encoding.ASCII.GetBytes(text));
        Throw(SignalingMessage.Hangup(call.CallId, SignalingReason.Hangup).ToBytes());
        Throw(SignalingMessage.HangupAck(call.CallId).ToBytes());
        Throw(SignalingMessage.Accept(call.CallId).ToBytes());
        Throw(SignalingMessage.Callback(call.CallId).ToBytes());
        for (var i = 0; i < 300; i++)
            Throw(SignalingMessage.Invite($"fake{i}", $"user{i}", new IPEndPoint(IPAddress.Loopback, 9)).ToBytes());

        var receivedBefore = alice.Agent.Statistics!.PacketsReceived;
        await Eventually.TrueAsync(() => alice.Agent.Statistics!.PacketsReceived > receivedBefore + 25, "audio to keep flowing");
        await Eventually.TrueAsync(() => alice.Agent.IgnoredDatagrams >= 400 && bob.Agent.IgnoredDatagrams >= 400, "the garbage to be counted");
        Assert.Equal(CallState.InCall, alice.Agent.State);
        Assert.Equal(CallState.InCall, bob.Agent.State);
        // Nothing the stranger sent rang, connected or ended anything on either side: every event so far, not just the next.
        foreach (var phone in new[] { alice, bob })
        {
            while (phone.Agent.Events.TryRead(out var happened))
                Assert.False(happened is IncomingCallEvent or CallConnectedEvent or CallEndedEvent, $"{phone.Name}: {happened}");
        }

        alice.Agent.HangUp();
        Assert.Equal(CallEndReason.HungUpLocally, (await alice.NextAsync<CallEndedEvent>()).Reason);
        Assert.Equal(CallEndReason.HungUpByPeer, (await bob.NextAsync<CallEndedEvent>()).Reason);
        Assert.True(sent > 800);
    }

    [Fact]
    public async Task A_flood_of_unencrypted_invitations_is_refused_with_one_notice()
    {
        await using var bob = Phone.Start("bob", () => new SilenceSource());
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        for (var i = 0; i < 100; i++)
            stranger.SendTo(SignalingMessage.Invite($"plain{i}", $"caller{i}", (IPEndPoint)stranger.LocalEndPoint!).ToBytes(), bob.EndPoint);

        await Eventually.TrueAsync(() => bob.Agent.IgnoredDatagrams >= 95, "the flood to be refused");
        Assert.True(bob.Agent.Events.TryRead(out var notice));
        Assert.IsType<CallProblemEvent>(notice);
        Assert.False(bob.Agent.Events.TryRead(out _));
        Assert.Equal(CallState.Idle, bob.Agent.State);
    }

    [Fact]
    public async Task An_invite_flood_rings_once_and_is_answered_busy_only_at_a_limited_rate()
    {
        await using var bob = Phone.Start("bob", () => new SilenceSource());
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var key = new CallKeyExchange();
        var keyField = new Dictionary<string, string> { [SecurityFields.Key] = key.PublicShare };
        for (var i = 0; i < 200; i++)
        {
            var invite = SignalingMessage.Invite($"flood{i}", $"caller{i}", (IPEndPoint)stranger.LocalEndPoint!) with { OtherFields = keyField };
            stranger.SendTo(invite.ToBytes(), bob.EndPoint);
        }

        await bob.NextAsync<IncomingCallEvent>();
        // Each invitation is either refused unseen (counted as ignored) or admitted; the first admitted rings, each other
        // one is answered busy at once. So when ignored and answers add up to the 199 that did not ring, all were handled.
        var replies = 0;
        var buffer = new byte[2048];
        await Eventually.TrueAsync(() =>
        {
            while (stranger.Available > 0)
            {
                stranger.Receive(buffer);
                replies++;
            }
            return bob.Agent.IgnoredDatagrams + replies >= 199;
        }, "every invitation to be refused or answered");
        Assert.InRange(replies, 1, 10);
        Assert.InRange(bob.Agent.IgnoredDatagrams, 189, 198);
        Assert.False(bob.Agent.Events.TryRead(out var more), $"another event: {more}");
    }
}
