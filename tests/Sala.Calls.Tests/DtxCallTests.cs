using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;
using Sala.Protocol.Calls;

namespace Sala.Calls.Tests;

/// <summary>
/// Opus DTX in a call on loopback (on by default): alice talks with pauses (a quiet room, about -65 dBFS of noise) then
/// falls silent, bob says a word and falls silent. Silence costs at most 3 kbit/s each way, speech is heard as before, the pauses count as
/// neither loss nor a lost peer (the phones give up after 1 s without a packet).
/// </summary>
public sealed class DtxCallTests
{
    private static readonly short[] Speech = SpeechWithPauses();

    [Fact]
    public async Task Silence_costs_at_most_3_kbits_each_way_and_speech_is_still_heard()
    {
        await using var alice = Phone.Start("alice", () => new SamplesSource(Speech));
        // Not the quiet room from the start: libopus's voice detection takes steady noise it never heard speech over for
        // voice, and sends it whole (measured: white noise from -84 to -65 dBFS, 10 s, not one frame skipped).
        await using var bob = Phone.Start("bob", () => new SamplesSource(SpeechLikeSignal.Generate(TimeSpan.FromSeconds(1), seed: 9)));

        Assert.True(alice.Agent.Call("bob", bob.EndPoint));
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        await alice.NextAsync<CallConnectedEvent>();
        await bob.NextAsync<CallConnectedEvent>();

        // Once bob has heard all of alice's speech both sides are silent: measure what 2 s of that cost.
        var heard = bob.Devices.Speakers.Single();
        await Eventually.TrueAsync(() => heard.Samples.Length > Speech.Length + AudioFormat.SampleRate, "bob to hear the whole clip");
        var (alice1, bob1) = (alice.Agent.Statistics!, bob.Agent.Statistics!);
        await Eventually.TrueAsync(
            () => alice.Agent.Statistics!.Duration - alice1.Duration > TimeSpan.FromSeconds(2) && bob.Agent.Statistics!.Duration - bob1.Duration > TimeSpan.FromSeconds(2),
            "2 s of silence");
        var (alice2, bob2) = (alice.Agent.Statistics!, bob.Agent.Statistics!);
        alice.Agent.HangUp();
        var aliceEnd = await alice.NextAsync<CallEndedEvent>();
        var bobEnd = await bob.NextAsync<CallEndedEvent>();
        await alice.Agent.WhenMediaStoppedAsync();
        await bob.Agent.WhenMediaStoppedAsync();

        var aliceSilence = SendRate(alice1, alice2);
        var bobSilence = SendRate(bob1, bob2);
        Assert.True(aliceSilence <= 3000, $"alice sent {aliceSilence:0} bit/s in silence");
        Assert.True(bobSilence <= 3000, $"bob sent {bobSilence:0} bit/s in silence");
        Assert.Equal(CallEndReason.HungUpLocally, aliceEnd.Reason);
        Assert.Equal(CallEndReason.HungUpByPeer, bobEnd.Reason);

        var similarity = AudioAnalysis.Similarity(Speech, heard.Samples);
        Assert.True(similarity >= 0.85, $"similarity {similarity:0.00}");
        var (a, b) = (aliceEnd.Media!, bobEnd.Media!);
        Assert.True(a.FramesNotSent > 0 && b.FramesNotSent > 0, $"frames not sent: alice {a.FramesNotSent}, bob {b.FramesNotSent}");
        Assert.True(b.ComfortNoise > 0 && a.ComfortNoise > 0, $"comfort noise: alice {a.ComfortNoise}, bob {b.ComfortNoise}");
        Assert.Equal((0L, 0L), (a.Lost + a.Concealed, b.Lost + b.Concealed));
        Assert.Equal((0L, 0L), (a.Playout.Rebuffers, b.Playout.Rebuffers));
    }

    private static double SendRate(Calls.Media.MediaStatistics from, Calls.Media.MediaStatistics to) =>
        (to.WireBytesSent - from.WireBytesSent) * 8 / (to.Duration - from.Duration).TotalSeconds;

    /// <summary>Half speech, half pauses: 1 s of speech-like syllables, 1 s of quiet room, three times.</summary>
    private static short[] SpeechWithPauses()
    {
        var speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 7);
        var room = QuietRoom(TimeSpan.FromSeconds(3));
        var signal = new short[speech.Length + room.Length];
        for (var part = 0; part < 3; part++)
        {
            speech.AsSpan(part * AudioFormat.SampleRate, AudioFormat.SampleRate).CopyTo(signal.AsSpan(2 * part * AudioFormat.SampleRate));
            room.AsSpan(part * AudioFormat.SampleRate, AudioFormat.SampleRate).CopyTo(signal.AsSpan(((2 * part) + 1) * AudioFormat.SampleRate));
        }

        return signal;
    }

    private static short[] QuietRoom(TimeSpan length)
    {
        var random = new Random(5);
        var samples = new short[(int)(length.TotalSeconds * AudioFormat.SampleRate)];
        for (var i = 0; i < samples.Length; i++)
            samples[i] = (short)random.Next(-30, 31);
        return samples;
    }
}
