using System.Net;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;
using Sala.Protocol.Calls;

namespace Sala.Calls.Tests.Stepped;

/// <summary>
/// The call wiring (signaling, keys, media, liveness) on a fake clock over an in-memory network: the same
/// <see cref="CallAgent"/> and frame loop as a real call, stepped frame by frame, so every figure is exact.
/// </summary>
public sealed class SteppedCallTests
{
    private static readonly IPEndPoint BobAddress = SteppedPhones.EndPointOf(5001);

    [Fact]
    public async Task An_encrypted_call_rings_connects_and_carries_each_side_to_the_other_until_a_hang_up_ends_both()
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(440));
        var bob = phones.Add("bob", 5001, () => new ToneSource(660));

        Assert.True(alice.Agent.Call("bob", BobAddress));
        phones.StepUntil<IncomingCallEvent>(bob.Agent);
        bob.Agent.Accept();
        var connected = phones.StepUntil<CallConnectedEvent>(alice.Agent);
        Assert.True(connected.Security.Encrypted);
        phones.Step(150);
        alice.Agent.HangUp();
        var aliceEnded = phones.StepUntil<CallEndedEvent>(alice.Agent);
        var bobEnded = phones.StepUntil<CallEndedEvent>(bob.Agent);

        Assert.Equal(CallEndReason.HungUpLocally, aliceEnded.Reason);
        Assert.Equal(CallEndReason.HungUpByPeer, bobEnded.Reason);
        foreach (var media in new[] { aliceEnded.Media!, bobEnded.Media! })
        {
            Assert.True(media.Encrypted);
            Assert.Equal(0, media.Lost);
            Assert.Equal(0, media.Concealed);
            Assert.Equal(0, media.RejectedPackets);
            Assert.Equal("a test's hand", media.PacedBy);
        }
        // Each hears the other's tone, and only that: the last two seconds, long after the playout started.
        var bobHeard = bob.Devices.Speakers.Single().Samples[^(2 * AudioFormat.SampleRate)..];
        var aliceHeard = alice.Devices.Speakers.Single().Samples[^(2 * AudioFormat.SampleRate)..];
        Assert.True(AudioAnalysis.ToneLevel(bobHeard, 440) > 10 * AudioAnalysis.ToneLevel(bobHeard, 660));
        Assert.True(AudioAnalysis.ToneLevel(aliceHeard, 660) > 10 * AudioAnalysis.ToneLevel(aliceHeard, 440));
    }

    [Fact]
    public async Task The_same_lossy_call_plays_the_same_samples_and_counts_the_same_losses_every_time()
    {
        var first = await LossyCallAsync(seed: 7);
        var second = await LossyCallAsync(seed: 7);

        Assert.True(first.Dropped > 10, $"only {first.Dropped} packets dropped");
        Assert.Equal(first.Dropped, second.Dropped);
        Assert.Equal(first.Concealed, second.Concealed);
        Assert.True(first.Concealed > 0);
        Assert.Equal(first.Heard, second.Heard);
    }

    [Fact]
    public async Task Tampered_media_is_rejected_counted_and_never_played()
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(440));
        var bob = phones.Add("bob", 5001, () => new SilenceSource());
        await ConnectAsync(phones, alice.Agent, bob.Agent);

        var tampered = 0;
        phones.Network.Filter = (datagram, from, to) =>
        {
            // Every 10th RTP packet from alice has one payload bit flipped on the way.
            if (to.Equals(BobAddress) && IsRtp(datagram) && ++tampered % 10 == 0)
                datagram[^12] ^= 0x01;
            return true;
        };
        phones.Step(100);
        phones.Network.Filter = null;
        var flipped = tampered / 10;
        phones.Step(20);
        alice.Agent.HangUp();
        var bobEnded = phones.StepUntil<CallEndedEvent>(bob.Agent);

        Assert.Equal(flipped, bobEnded.Media!.RejectedPackets);
        Assert.Equal(flipped, bobEnded.Media.Lost);
    }

    [Fact]
    public async Task A_peer_that_falls_silent_ends_the_call_after_the_silence_timeout_of_clock_time()
    {
        var timings = CallTimings.Default with { PeerSilenceTimeout = TimeSpan.FromSeconds(3) };
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(440), timings: timings);
        var bob = phones.Add("bob", 5001, () => new ToneSource(660), timings: timings);
        await ConnectAsync(phones, alice.Agent, bob.Agent);
        phones.Step(50);

        phones.Network.Filter = (_, from, _) => !from.Equals(BobAddress);
        var silentFrom = phones.Time.GetUtcNow();
        var ended = phones.StepUntil<CallEndedEvent>(alice.Agent);
        var after = phones.Time.GetUtcNow() - silentFrom;

        Assert.Equal(CallEndReason.ConnectionLost, ended.Reason);
        // Media tells the call it is alive every 250 ms, so the silence is counted from up to 250 ms before it began.
        Assert.InRange(after, timings.PeerSilenceTimeout - TimeSpan.FromMilliseconds(250), timings.PeerSilenceTimeout + AudioFormat.FrameDuration);
    }

    [Fact]
    public async Task Mute_is_silence_in_the_peers_recording_and_unmute_brings_the_sound_back()
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(440));
        var bob = phones.Add("bob", 5001, () => new SilenceSource());
        await ConnectAsync(phones, alice.Agent, bob.Agent);
        var heard = bob.Devices.Speakers.Single();
        phones.Step(100);
        alice.Agent.Muted = true;
        var mutedAt = heard.Samples.Length;
        phones.Step(100);
        alice.Agent.Muted = false;
        var unmutedAt = heard.Samples.Length;
        phones.Step(100);
        var samples = heard.Samples;

        // A quarter of a second after each switch, past the playout's delay (a few frames).
        var settle = AudioFormat.SampleRate / 4;
        var before = samples.AsSpan(mutedAt - AudioFormat.SampleRate, AudioFormat.SampleRate);
        var during = samples.AsSpan(mutedAt + settle, unmutedAt - mutedAt - settle);
        var after = samples.AsSpan(unmutedAt + settle, samples.Length - unmutedAt - settle);
        Assert.True(AudioAnalysis.ToneLevel(before, 440) > 0.5, $"tone before mute {AudioAnalysis.ToneLevel(before, 440):0.00}");
        Assert.True(AudioAnalysis.Rms(during) < 0.001 * AudioAnalysis.Rms(before), $"RMS while muted {AudioAnalysis.Rms(during):0.00000} against {AudioAnalysis.Rms(before):0.00000}");
        Assert.True(AudioAnalysis.ToneLevel(after, 440) > 0.5, $"tone after unmute {AudioAnalysis.ToneLevel(after, 440):0.00}");
    }

    private static async Task<(long Dropped, long Concealed, short[] Heard)> LossyCallAsync(int seed)
    {
        await using var phones = new SteppedPhones();
        var speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(6), AudioFormat.SampleRate, seed: 3);
        var alice = phones.Add("alice", 5000, () => new SamplesSource(speech));
        var bob = phones.Add("bob", 5001, () => new SilenceSource());
        await ConnectAsync(phones, alice.Agent, bob.Agent);

        var random = new Random(seed);
        var dropped = 0L;
        phones.Network.Filter = (datagram, _, to) =>
        {
            if (!to.Equals(BobAddress) || !IsRtp(datagram) || random.NextDouble() >= 0.1)
                return true;
            dropped++;
            return false;
        };
        phones.Step(250);
        phones.Network.Filter = null;
        alice.Agent.HangUp();
        var bobEnded = phones.StepUntil<CallEndedEvent>(bob.Agent);
        return (dropped, bobEnded.Media!.Concealed, bob.Devices.Speakers.Single().Samples);
    }

    private static Task ConnectAsync(SteppedPhones phones, CallAgent caller, CallAgent callee)
    {
        Assert.True(caller.Call("bob", BobAddress));
        phones.StepUntil<IncomingCallEvent>(callee);
        callee.Accept();
        phones.StepUntil<CallConnectedEvent>(caller);
        return Task.CompletedTask;
    }

    /// <summary>RTP (and SRTP) has version 2 in its first byte and a payload type outside RTCP's 192..223 in its second.</summary>
    private static bool IsRtp(byte[] datagram) => datagram.Length > 12 && datagram[0] >> 6 == 2 && (datagram[1] & 0x7F) is < 64 or > 95;
}
