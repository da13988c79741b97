using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Audio.Tests;

/// <summary>
/// Issue 14, item 3, end to end: bob's microphone hears his own speaker through a room (<see cref="PulseAudioEchoPath"/>)
/// mixed with his own voice, and alice, who calls him, must not hear herself back. Two <c>sala client</c> processes on
/// PortAudio devices of the private PulseAudio, as in <see cref="PulseAudioCallTests"/>.
/// </summary>
[Collection(PulseAudioGroup.Name)]
public sealed class PulseAudioEchoTests(PulseAudioFixture fixture, ITestOutputHelper output)
{
    private const int CallSeconds = 12;

    // Bob's room: his speaker reaches his microphone 60 ms later (the loopback's latency, plus PulseAudio's own),
    // 10 dB down, like a laptop's speaker and microphone a hand apart.
    private const int RoomDelayMilliseconds = 60;
    private const double RoomGainDecibels = -10;

    // Bob talks 1.5 s of every 4 (double talk with alice's echo); the echo is measured in his pauses, away from the
    // edges by more than the jitter buffer moves the alignment.
    private static readonly int Period = 4 * AudioFormat.SampleRate;
    private static readonly int Talk = 3 * AudioFormat.SampleRate / 2;
    private static readonly int Margin = 3 * AudioFormat.SampleRate / 10;

    // PulseAudio takes about a second to start each stream; the canceller is given 2 s more to converge.
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HangUpMargin = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MicrophoneLength = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private PulseAudioServer Server => fixture.Server;

    [Fact]
    public async Task The_caller_does_not_hear_its_own_voice_back_from_a_callee_whose_microphone_hears_its_speaker()
    {
        var uncancelled = await EchoHeardByCallerAsync("off");
        var cancelled = await EchoHeardByCallerAsync("auto");

        output.WriteLine($"alice's own voice back: {uncancelled:0.0} dB without echo cancellation, {cancelled:0.0} dB with it (on by itself)");
        // Without cancellation the room's echo comes back about 10 dB down: proof the path echoes at all.
        Assert.True(uncancelled > -16, $"without echo cancellation alice's voice came back at {uncancelled:0.0} dB: the room does not echo");
        // Issue 14 asks for 25 dB under: speexdsp's filter and the residual echo suppressor after it give about 50.
        Assert.True(cancelled <= -25, $"alice's voice came back at {cancelled:0.0} dB under her own, expected 25 dB under at least");
    }

    /// <summary>
    /// Runs a call with bob's <c>--echo-cancellation</c> at <paramref name="echoCancellation"/> and returns the level, in
    /// dB under alice's own voice, of what alice hears while bob is silent: her voice sent back.
    /// </summary>
    private async Task<double> EchoHeardByCallerAsync(string echoCancellation)
    {
        var aliceSpeech = SpeechLikeSignal.Generate(MicrophoneLength, seed: 5);
        var bobSpeech = BobsTurns(SpeechLikeSignal.Generate(MicrophoneLength, seed: 9));
        var aliceSays = Server.File($"alice-says-{Guid.NewGuid():N}.raw");
        var bobSays = Server.File($"bob-says-{Guid.NewGuid():N}.raw");
        var aliceHeard = Server.File($"alice-heard-{Guid.NewGuid():N}.raw");
        RawAudio.Write(aliceSays, aliceSpeech);
        RawAudio.Write(bobSays, bobSpeech);

        // The room first: it finds its own stream among the server's, before anything else plays.
        await using var room = await PulseAudioEchoPath.OpenAsync(Server, "bob_out", "bob_in", RoomDelayMilliseconds, RoomGainDecibels);
        await using var aliceSpeaker = Server.Record("alice_out", aliceHeard);
        await Eventually.TrueAsync(() => Length(aliceHeard) > 0, within: Deadline, describe: () => aliceSpeaker.Transcript);
        await using var aliceMicrophone = Server.Feed("alice_in", aliceSays);
        await using var bobMicrophone = Server.Feed("bob_in", bobSays);

        await using var registry = AudioHost.Sala(new Dictionary<string, string>(), "server", "--port", "0");
        var listening = registry.WaitForLineStartingWith("Sala registry listening on ", Deadline);
        var address = "127.0.0.1:" + listening[(listening.LastIndexOf(':') + 1)..];
        await using var bob = AudioHost.Sala(Server.Environment, "client", "--name", "bob", "--server", address,
            "--answer", "yes", "--mic", "bob_mic", "--speaker", "bob_speaker", "--echo-cancellation", echoCancellation,
            "--exit-after-call");
        bob.WaitForLineStartingWith("registered as bob", Deadline);
        await using var alice = AudioHost.Sala(Server.Environment, "client", "--name", "alice", "--server", address,
            "--call", "bob", "--mic", "alice_mic", "--speaker", "alice_speaker",
            "--hangup-after", $"{CallSeconds}s", "--exit-after-call");

        Assert.True(await alice.WaitForExitAsync(Deadline) == 0, alice.Transcript);
        Assert.True(await bob.WaitForExitAsync(Deadline) == 0, bob.Transcript);
        var calls = $"{alice.Transcript}; {bob.Transcript}";
        // alice's speaker has drained into the server; what it played reaches the recorder after its latency.
        var drained = Length(aliceHeard);
        await Eventually.TrueAsync(() => Length(aliceHeard) > drained + AudioFormat.SampleRate, within: Deadline, describe: () => aliceSpeaker.Transcript);
        aliceSpeaker.Terminate();
        await aliceSpeaker.WaitForExitAsync(Deadline);

        var heard = Settled(RawAudio.Read(aliceHeard), calls);
        // Bob's voice is by far the loudest thing alice hears: it places his turns in her recording.
        var offset = AudioAnalysis.FindOffset(heard, bobSpeech, bobSpeech.Length);
        var pauses = new List<short>();
        var turns = new List<short>();
        for (var n = 0; n < heard.Length; n++)
        {
            var inPeriod = (((n + offset) % Period) + Period) % Period;
            if (inPeriod >= Talk + Margin && inPeriod < Period - Margin)
                pauses.Add(heard[n]);
            else if (inPeriod >= Margin && inPeriod < Talk - Margin)
                turns.Add(heard[n]);
        }

        Assert.True(pauses.Count >= 2 * AudioFormat.SampleRate, $"only {pauses.Count} samples of bob's pauses were heard; {calls}");
        // Bob still comes through while alice's echo is being cancelled (double talk), near his level: measured 3.5 to
        // 4 dB under it, what the residual echo and noise suppression take while both talk.
        var bobLevel = AudioAnalysis.Rms(turns.ToArray()) / AudioAnalysis.Rms(bobSpeech.AsSpan(0, Talk));
        output.WriteLine($"echo cancellation {echoCancellation}: bob heard at {Decibels(bobLevel):0.0} dB of his level");
        Assert.True(bobLevel > 0.4, $"alice heard bob at {bobLevel:0.00} times his level while he talked; {calls}");
        return Decibels(AudioAnalysis.Rms(pauses.ToArray()) / AudioAnalysis.Rms(aliceSpeech));
    }

    /// <summary>Bob's speech kept in the first <see cref="Talk"/> samples of every <see cref="Period"/>, silence between.</summary>
    private static short[] BobsTurns(short[] speech)
    {
        for (var n = 0; n < speech.Length; n++)
        {
            if (n % Period >= Talk)
                speech[n] = 0;
        }

        return speech;
    }

    /// <summary>What alice's speaker played from <see cref="Settling"/> after it started to just before it stopped.</summary>
    private static short[] Settled(short[] recording, string transcript)
    {
        // About -30 dBFS; a null sink's monitor records exact zeros while nothing plays into it.
        const int Audible = 1000;
        var first = Array.FindIndex(recording, s => Math.Abs((int)s) > Audible);
        var last = Array.FindLastIndex(recording, s => Math.Abs((int)s) > Audible);
        var from = first + Samples(Settling);
        var to = last - Samples(HangUpMargin);
        Assert.True(first >= 0 && to - from >= 4 * AudioFormat.SampleRate, $"alice's speaker played too little of the call; {transcript}");
        return recording[from..to];
    }

    private static double Decibels(double amplitudeRatio) => 20 * Math.Log10(Math.Max(amplitudeRatio, 1e-6));

    private static int Samples(TimeSpan duration) => (int)(duration.TotalSeconds * AudioFormat.SampleRate);

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
