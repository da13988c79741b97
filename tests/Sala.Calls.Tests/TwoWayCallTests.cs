using Sala.Calls.Transport;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;
using Sala.Protocol.Calls;

namespace Sala.Calls.Tests;

/// <summary>Two phones on loopback UDP: speech one way and a tone the other, at once, clean and impaired.</summary>
public sealed class TwoWayCallTests
{
    private static readonly short[] Speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 7);

    public static TheoryData<string, string?, double> Conditions => new()
    {
        // Measured 0.94, 0.94 and 0.93; a different utterance scores under 0.35.
        { "opus", null, 0.85 },
        { "pcm", null, 0.85 },
        { "opus", "loss=10%,jitter=30ms", 0.8 },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public async Task Speech_one_way_and_a_tone_the_other_are_both_heard(string codec, string? impairment, double minimumSimilarity)
    {
        var impair = Parse(impairment, seed: 1);
        await using var alice = Phone.Start("alice", () => new SamplesSource(Speech), impair, codec);
        await using var bob = Phone.Start("bob", () => new ToneSource(440), Parse(impairment, seed: 2), codec);

        Assert.True(alice.Agent.Call("bob", bob.EndPoint));
        var incoming = await bob.NextAsync<IncomingCallEvent>();
        Assert.Equal("alice", incoming.Call.PeerName);
        bob.Agent.Accept();
        await alice.NextAsync<CallConnectedEvent>();
        await bob.NextAsync<CallConnectedEvent>();

        var heard = bob.Devices.Speakers.Single();
        await Eventually.TrueAsync(() => heard.Samples.Length > Speech.Length + AudioFormat.SampleRate / 2, "bob to hear the whole clip");
        alice.Agent.HangUp();
        var aliceEnd = await alice.NextAsync<CallEndedEvent>();
        var bobEnd = await bob.NextAsync<CallEndedEvent>();
        await alice.Agent.WhenMediaStoppedAsync();
        await bob.Agent.WhenMediaStoppedAsync();

        Assert.Equal(CallEndReason.HungUpLocally, aliceEnd.Reason);
        Assert.Equal(CallEndReason.HungUpByPeer, bobEnd.Reason);
        Assert.True(heard.Disposed);
        var similarity = AudioAnalysis.Similarity(Speech, heard.Samples);
        Assert.True(similarity >= minimumSimilarity, $"similarity {similarity:0.00}");
        var aliceHeard = alice.Devices.Speakers.Single().Samples;
        var lastSecond = aliceHeard.AsSpan(Math.Max(0, aliceHeard.Length - AudioFormat.SampleRate));
        Assert.True(AudioAnalysis.ToneLevel(lastSecond, 440) > 0.5, $"tone level {AudioAnalysis.ToneLevel(lastSecond, 440):0.00}");
        Assert.NotNull(aliceEnd.Media);
        Assert.True(aliceEnd.Media!.PacketsSent > 100);
        Assert.Equal(CallState.Idle, alice.Agent.State);
        if (impair is not null)
        {
            // The network trouble happened, and the figures of the side that suffered it say so.
            var impaired = Assert.IsType<ImpairedTransport>(alice.Transport);
            Assert.True(impaired.Dropped > aliceEnd.Media.PacketsSent / 20, $"alice's layer dropped {impaired.Dropped} of {aliceEnd.Media.PacketsSent}");
            Assert.True(impaired.DelayedDatagrams > aliceEnd.Media.PacketsSent / 2, $"alice's layer delayed {impaired.DelayedDatagrams} of {aliceEnd.Media.PacketsSent}");
            Assert.NotNull(bobEnd.Media);
            Assert.True(bobEnd.Media!.Lost > 0, $"bob counted {bobEnd.Media.Lost} lost");
            Assert.True(bobEnd.Media.Concealed > 0, $"bob concealed {bobEnd.Media.Concealed}");
            Assert.True(bobEnd.Media.WorstJitter > TimeSpan.FromMilliseconds(5), $"bob's worst jitter {bobEnd.Media.WorstJitter.TotalMilliseconds:0.0} ms");
        }
    }

    private static Impairment? Parse(string? text, int seed) =>
        text is null ? null : Impairment.TryParse($"{text},seed={seed}", out var impairment, out _) ? impairment : throw new ArgumentException(text);
}
