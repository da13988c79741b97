using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Audio.Tests;

/// <summary>
/// Two <c>sala client</c> processes, each on its own virtual microphone and speaker of the private PulseAudio
/// through PortAudio, call each other through a <c>sala server</c>: what pacat plays into one side's microphone is
/// what parecord records from the other side's speaker, both ways.
/// </summary>
[Collection(PulseAudioGroup.Name)]
public sealed class PulseAudioCallTests(PulseAudioFixture fixture)
{
    private const int CallSeconds = 6;
    private const double BobsTone = 660;
    private const double BobsAmplitude = 0.4;

    // What is judged is where the audio goes, not how smoothly: on a busy machine the devices miss frames (counted as
    // underruns in the call's figures), so most of what was said must be heard, not all of it.
    private const double MostOfIt = 2.0 / 3;

    // PulseAudio here takes 0.8 to 1.4 s to start each new stream, so a 6 s call is heard for 4 to 6 s. What is
    // judged starts a second into it, when every stream has been flowing for a while.
    private static readonly TimeSpan LeastHeard = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StreamsSettling = TimeSpan.FromSeconds(1);

    // The last frames played may be concealment after the hang-up, not what was said.
    private static readonly TimeSpan HangUpMargin = TimeSpan.FromMilliseconds(250);

    // Longer than the whole test, so neither microphone falls silent before the hang-up.
    private static readonly TimeSpan MicrophoneLength = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private PulseAudioServer Server => fixture.Server;

    [Fact]
    public async Task Two_clients_on_PortAudio_devices_hear_each_other_through_a_sala_server()
    {
        var speech = SpeechLikeSignal.Generate(MicrophoneLength, seed: 5);
        var tone = RawAudio.Tone(BobsTone, AudioFormat.SampleRate, MicrophoneLength, BobsAmplitude);
        var aliceSays = Server.File($"alice-says-{Guid.NewGuid():N}.raw");
        var bobSays = Server.File($"bob-says-{Guid.NewGuid():N}.raw");
        var aliceHeard = Server.File($"alice-heard-{Guid.NewGuid():N}.raw");
        var bobHeard = Server.File($"bob-heard-{Guid.NewGuid():N}.raw");
        RawAudio.Write(aliceSays, speech);
        RawAudio.Write(bobSays, tone);

        await using var aliceSpeaker = Server.Record("alice_out", aliceHeard);
        await using var bobSpeaker = Server.Record("bob_out", bobHeard);
        // Both recorders flow before anyone speaks, so nothing played is lost to PulseAudio starting them.
        await Eventually.TrueAsync(() => Length(aliceHeard) > 0 && Length(bobHeard) > 0, within: Deadline,
            describe: () => $"{aliceSpeaker.Transcript}; {bobSpeaker.Transcript}");
        await using var aliceMicrophone = Server.Feed("alice_in", aliceSays);
        await using var bobMicrophone = Server.Feed("bob_in", bobSays);

        await using var registry = AudioHost.Sala(new Dictionary<string, string>(), "server", "--port", "0");
        var listening = registry.WaitForLineStartingWith("Sala registry listening on ", Deadline);
        var address = "127.0.0.1:" + listening[(listening.LastIndexOf(':') + 1)..];
        // Bob's "voice" is a steady tone, which is just what noise suppression (on by itself with real devices) takes
        // away: off for him. Echo cancellation stays on for both, and alice's speech goes through her suppressor.
        await using var bob = AudioHost.Sala(Server.Environment, "client", "--name", "bob", "--server", address,
            "--answer", "yes", "--mic", "bob_mic", "--speaker", "bob_speaker", "--noise-suppression", "off", "--exit-after-call");
        bob.WaitForLineStartingWith("registered as bob", Deadline);
        await using var alice = AudioHost.Sala(Server.Environment, "client", "--name", "alice", "--server", address,
            "--call", "bob", "--mic", "alice_mic", "--speaker", "alice_speaker",
            "--hangup-after", $"{CallSeconds}s", "--exit-after-call");

        Assert.True(await alice.WaitForExitAsync(Deadline) == 0, alice.Transcript);
        Assert.True(await bob.WaitForExitAsync(Deadline) == 0, bob.Transcript);
        // ALSA's own complaints (underruns, JACK probing) must not reach the user's terminal mid-call.
        Assert.DoesNotContain(alice.Errors.Concat(bob.Errors), line => line.StartsWith("ALSA lib", StringComparison.Ordinal));
        Assert.Contains(bob.Output, l => l.StartsWith("call with alice ended: hung up by the other side", StringComparison.Ordinal));

        // The speakers have drained into the server; what they played reaches the recorders after its latency.
        var (aliceLength, bobLength) = (Length(aliceHeard), Length(bobHeard));
        const long HalfSecondInBytes = AudioFormat.SampleRate;
        await Eventually.TrueAsync(
            () => Length(aliceHeard) > aliceLength + HalfSecondInBytes && Length(bobHeard) > bobLength + HalfSecondInBytes,
            within: Deadline, describe: () => $"{aliceSpeaker.Transcript}; {bobSpeaker.Transcript}");
        aliceSpeaker.Terminate();
        bobSpeaker.Terminate();
        await aliceSpeaker.WaitForExitAsync(Deadline);
        await bobSpeaker.WaitForExitAsync(Deadline);

        var calls = $"{alice.Transcript}; {bob.Transcript}";
        var heardByBob = SettledPartOfWhatWasHeard(RawAudio.Read(bobHeard), "bob", calls);
        // An unrelated speech-like signal scores below 0.45 here; a clean call above 0.9.
        var similarity = AudioAnalysis.Similarity(heardByBob, speech, maxLag: speech.Length);
        Assert.True(similarity > 0.8, $"bob's speaker does not sound like alice's microphone: similarity {similarity:0.00}; {calls}");
        var said = speech.AsSpan(
            Math.Clamp(AudioAnalysis.FindOffset(heardByBob, speech, speech.Length), 0, speech.Length - heardByBob.Length), heardByBob.Length);
        AssertLevel(AudioAnalysis.Rms(said), heardByBob, "bob", calls);

        var heardByAlice = SettledPartOfWhatWasHeard(RawAudio.Read(aliceHeard), "alice", calls);
        var carrying = ShareOfPiecesCarrying(BobsTone, heardByAlice);
        Assert.True(carrying >= MostOfIt, $"alice's speaker carries bob's {BobsTone} Hz tone in only {carrying:P0} of its pieces; {calls}");
        AssertLevel(BobsAmplitude / Math.Sqrt(2), heardByAlice, "alice", calls);
    }

    /// <summary>
    /// What a speaker played from <see cref="StreamsSettling"/> after it started to <see cref="HangUpMargin"/> before
    /// it fell silent; fails when it played less than <see cref="LeastHeard"/> of the call.
    /// </summary>
    private static short[] SettledPartOfWhatWasHeard(short[] recording, string who, string transcript)
    {
        // About -30 dBFS. A null sink's monitor records exact zeros while nothing plays into it.
        const int Audible = 1000;
        var first = Array.FindIndex(recording, s => Math.Abs((int)s) > Audible);
        var last = Array.FindLastIndex(recording, s => Math.Abs((int)s) > Audible);
        var heard = first < 0 ? 0 : (double)(last - first) / AudioFormat.SampleRate;
        Assert.True(heard >= LeastHeard.TotalSeconds,
            $"{who}'s speaker played {heard:0.0} s of a {CallSeconds} s call (at least {LeastHeard.TotalSeconds} s expected); {transcript}");
        return recording[(first + Samples(StreamsSettling))..(last - Samples(HangUpMargin))];
    }

    /// <summary>
    /// The share of 100 ms pieces that are nearly all <paramref name="hz"/>. Piece by piece, because after a frame the
    /// speaker missed (an underrun, as on a busy machine) the tone goes on at another phase, and over a longer span
    /// the two phases cancel out.
    /// </summary>
    private static double ShareOfPiecesCarrying(double hz, short[] heard)
    {
        const int Piece = AudioFormat.SampleRate / 10;
        var pieces = heard.Length / Piece;
        var carrying = Enumerable.Range(0, pieces).Count(p => AudioAnalysis.ToneLevel(heard.AsSpan(p * Piece, Piece), hz) > 0.9);
        return (double)carrying / pieces;
    }

    /// <summary>Neither PulseAudio, PortAudio nor the codec turned the volume up or down on the way.</summary>
    private static void AssertLevel(double expectedRms, short[] heard, string who, string transcript)
    {
        var level = AudioAnalysis.Rms(heard) / expectedRms;
        Assert.True(level is > 0.7 and < 1.4, $"{who} heard the other side at {level:0.00} times its level; {transcript}");
    }

    private static int Samples(TimeSpan duration) => (int)(duration.TotalSeconds * AudioFormat.SampleRate);

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
