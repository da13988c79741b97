using Sala.Calls.Devices;
using Sala.Calls.Media;
using Sala.Cli.Client;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Cli.Tests;

/// <summary>Two <c>sala client</c> processes scripted with flags, calling each other through a <c>sala server</c>.</summary>
public sealed class ClientProcessTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("loss=10%,jitter=30ms")]
    public async Task A_scripted_call_carries_speech_one_way_and_a_tone_the_other_and_both_exit_0(string? impairment)
    {
        string[] impair = impairment is null ? [] : ["--impair", impairment];
        using var folder = new TempFolder();
        var speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), sampleRate: 22_050, seed: 3);
        WavFiles.Write(folder.File("speech.wav"), speech, 22_050, channels: 1);
        await using var server = RunningSalaServer.Start();

        await using var bob = SalaProcess.Start(["client", "--name", "bob", "--server", server.Address, "--answer", "yes",
            "--mic", "tone:440", "--speaker", folder.File("bob.wav"), "--exit-after-call", .. impair]);
        bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        await using var alice = SalaProcess.Start(["client", "--name", "alice", "--server", server.Address, "--call", "BOB",
            "--mic", folder.File("speech.wav"), "--speaker", folder.File("alice.wav"), "--hangup-after", "4s", "--exit-after-call", .. impair]);

        Assert.True(await alice.WaitForExitAsync() == 0, "alice: " + string.Join('\n', alice.Output) + "\nbob: " + string.Join('\n', bob.Output));
        Assert.True(await bob.WaitForExitAsync() == 0, $"{bob.Transcript}\n{alice.Transcript}");
        Assert.Contains(alice.Output, l => l.StartsWith("in call with bob", StringComparison.Ordinal));
        Assert.Contains(bob.Output, l => l.StartsWith("call with alice ended: hung up by the other side", StringComparison.Ordinal));
        Assert.Contains("disconnected", bob.Output);
        var aliceCode = CodeIn(alice.Output);
        Assert.Matches("^[a-z]+ [a-z]+ [a-z]+ [a-z]+$", aliceCode);
        Assert.Equal(aliceCode, CodeIn(bob.Output));

        var reference = WavFiles.ReadAsAudioFormat(folder.File("speech.wav"));
        var heardByBob = WavFiles.ReadAsAudioFormat(folder.File("bob.wav"));
        var similarity = AudioAnalysis.Similarity(reference, heardByBob);
        Assert.True(similarity > 0.8, $"similarity {similarity:0.00}");
        var heardByAlice = WavFiles.ReadAsAudioFormat(folder.File("alice.wav"));
        Assert.True(heardByAlice.Length > 3 * AudioFormat.SampleRate, $"alice recorded {heardByAlice.Length} samples");
        var toneLevel = AudioAnalysis.ToneLevel(heardByAlice.AsSpan(heardByAlice.Length - AudioFormat.SampleRate), 440);
        Assert.True(toneLevel > 0.5, $"tone level {toneLevel:0.00}");
        if (impairment is not null)
        {
            // --impair did impair: bob's figures show what alice's side dropped and what he filled in.
            var bobEnd = bob.Output.Single(l => l.StartsWith("call with alice ended", StringComparison.Ordinal));
            Assert.True(Figure(bobEnd, "lost ") > 0, bobEnd);
            Assert.True(Figure(bobEnd, "concealed ") > 0, bobEnd);
        }

        Assert.Empty(await server.ListAsync());
    }

    [Fact]
    public async Task A_callee_killed_mid_call_is_reported_as_connection_lost_and_the_registry_forgets_it()
    {
        await using var server = RunningSalaServer.Start();
        await using var bob = SalaProcess.Start("client", "--name", "bob", "--server", server.Address, "--answer", "yes",
            "--mic", "tone:440", "--speaker", "null");
        bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        await using var alice = SalaProcess.Start("client", "--name", "alice", "--server", server.Address, "--call", "bob",
            "--mic", "tone:880", "--speaker", "null", "--exit-after-call");
        alice.WaitForLine(l => l.StartsWith("in call with bob", StringComparison.Ordinal));

        bob.Kill();
        Assert.Equal(1, await alice.WaitForExitAsync());
        Assert.Contains(alice.Output, l => l.StartsWith("call with bob ended: connection lost", StringComparison.Ordinal));
        Assert.Empty(await server.ListAsync());
    }

    [Fact]
    public async Task Echo_cancellation_and_noise_suppression_asked_for_run_in_the_call_and_leave_speech_intact()
    {
        using var folder = new TempFolder();
        var speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), sampleRate: 22_050, seed: 5);
        WavFiles.Write(folder.File("speech.wav"), speech, 22_050, channels: 1);
        await using var server = RunningSalaServer.Start();

        await using var bob = SalaProcess.Start(["client", "--name", "bob", "--server", server.Address, "--answer", "yes",
            "--mic", "silence", "--speaker", folder.File("bob.wav"), "--exit-after-call"]);
        bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        await using var alice = SalaProcess.Start(["client", "--name", "alice", "--server", server.Address, "--call", "bob",
            "--mic", folder.File("speech.wav"), "--speaker", "null", "--echo-cancellation", "on", "--noise-suppression", "on",
            "--hangup-after", "4s", "--exit-after-call"]);

        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Equal(0, await bob.WaitForExitAsync());
        Assert.Contains(alice.Output, l => l.StartsWith("call with bob ended", StringComparison.Ordinal)
            && l.Contains("microphone: echo cancellation (ERLE", StringComparison.Ordinal) && l.Contains("noise suppression", StringComparison.Ordinal));
        Assert.DoesNotContain(bob.Output, l => l.Contains("microphone:", StringComparison.Ordinal));
        var similarity = AudioAnalysis.Similarity(WavFiles.ReadAsAudioFormat(folder.File("speech.wav")), WavFiles.ReadAsAudioFormat(folder.File("bob.wav")));
        Assert.True(similarity > 0.8, $"similarity {similarity:0.00}");
    }

    [Fact]
    public void Echo_cancellation_and_noise_suppression_are_on_by_themselves_only_with_real_devices()
    {
        var real = new ClientOptions();
        var files = new ClientOptions
        {
            Microphone = new AudioDeviceSpec(AudioDeviceKind.WavFile, "in.wav"),
            Speaker = new AudioDeviceSpec(AudioDeviceKind.WavFile, "out.wav"),
        };
        Assert.Equal(new VoiceProcessingOptions(true, true), real.VoiceProcessing);
        Assert.Equal(VoiceProcessingOptions.Off, files.VoiceProcessing);
        Assert.Equal(new VoiceProcessingOptions(true, false), (files with { EchoCancellation = Switch.On }).VoiceProcessing);
        Assert.Equal(new VoiceProcessingOptions(false, true), (real with { EchoCancellation = Switch.Off }).VoiceProcessing);
    }

    [Fact]
    public async Task Calling_an_unknown_name_exits_1_with_one_line_saying_so()
    {
        await using var server = RunningSalaServer.Start();
        await using var alice = SalaProcess.Start("client", "--name", "alice", "--server", server.Address, "--call", "carol",
            "--mic", "silence", "--speaker", "null", "--exit-after-call");
        Assert.Equal(1, await alice.WaitForExitAsync());
        Assert.Contains("nobody called carol is registered", alice.Output);
        Assert.Empty(await server.ListAsync());
    }

    [Fact]
    public async Task A_rejected_call_exits_1_on_both_sides()
    {
        await using var server = RunningSalaServer.Start();
        await using var bob = SalaProcess.Start("client", "--name", "bob", "--server", server.Address, "--answer", "no",
            "--mic", "silence", "--speaker", "null", "--exit-after-call");
        bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        await using var alice = SalaProcess.Start("client", "--name", "alice", "--server", server.Address, "--call", "bob",
            "--mic", "silence", "--speaker", "null", "--exit-after-call");
        Assert.Equal(1, await alice.WaitForExitAsync());
        Assert.Equal(1, await bob.WaitForExitAsync());
        Assert.Contains(alice.Output, l => l == "call with bob ended: rejected");
    }

    [Fact]
    public async Task A_taken_name_fails_registration_with_exit_3()
    {
        // Without identities, as the seed's registry: a name claimed by a key is IdentityProcessTests' case.
        await using var server = RunningSalaServer.Start();
        await using var bob = SalaProcess.Start("client", "--name", "bob", "--server", server.Address, "--answer", "no",
            "--mic", "silence", "--speaker", "null", "--identity", "none");
        bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        await using var impostor = SalaProcess.Start("client", "--name", "BOB", "--server", server.Address,
            "--mic", "silence", "--speaker", "null", "--exit-after-call", "--identity", "none");
        Assert.Equal(3, await impostor.WaitForExitAsync());
        Assert.Contains("registration failed: the name BOB is taken", impostor.Output);
    }

    [Fact]
    public async Task An_unreachable_registry_is_one_line_and_exit_3()
    {
        await using var alice = SalaProcess.Start("client", "--name", "alice", "--server", "127.0.0.1:1",
            "--mic", "silence", "--speaker", "null");
        Assert.Equal(3, await alice.WaitForExitAsync());
        Assert.Equal(["cannot reach the registry at 127.0.0.1:1: connection refused (is `sala server` running there?)"], alice.Output);
        Assert.Empty(alice.Errors);
    }

    [Fact]
    public async Task The_default_microphone_without_any_device_is_one_line_and_exit_2()
    {
        // A machine with no sound card, whatever this one has: ALSA's only device is a card that does not exist, so
        // PortAudio lists no device (as tests/Sala.Audio.Tests/Config/asound-empty.conf; with no pcm at all it aborts).
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("asound.conf"), "pcm.!default { type hw card 99 }\n");
        var noSoundCard = new Dictionary<string, string> { ["ALSA_CONFIG_PATH"] = folder.File("asound.conf") };
        await using var alice = SalaProcess.Start(noSoundCard, "client", "--name", "alice", "--server", "127.0.0.1:1");
        Assert.Equal(2, await alice.WaitForExitAsync());
        var line = Assert.Single(alice.Output);
        Assert.StartsWith("No microphone found", line, StringComparison.Ordinal);
        Assert.Contains("--mic FILE.wav|tone:HZ|silence", line, StringComparison.Ordinal);
        Assert.Empty(alice.Errors);
    }

    [Fact]
    public async Task Without_portaudio_the_default_microphone_says_how_to_install_it_and_exits_2()
    {
        var noPortAudio = new Dictionary<string, string> { ["SALA_PORTAUDIO_LIBRARY"] = "/nonexistent/libportaudio.so.2" };
        await using var alice = SalaProcess.Start(noPortAudio, "client", "--name", "alice", "--server", "127.0.0.1:1", "--mic", "default");
        Assert.Equal(2, await alice.WaitForExitAsync());
        var line = Assert.Single(alice.Output);
        Assert.StartsWith("PortAudio is not installed", line, StringComparison.Ordinal);
        Assert.Contains("apt install libportaudio2", line, StringComparison.Ordinal);
        Assert.Empty(alice.Errors);
    }

    [Fact]
    public async Task Bad_flags_are_each_explained_with_exit_2()
    {
        await using var client = SalaProcess.Start("client", "--codec", "mp3", "--answer", "maybe", "--mic", "nofile.wav", "--hangup-after", "soon");
        Assert.Equal(2, await client.WaitForExitAsync());
        Assert.Equal(4, client.Errors.Count);
        Assert.All(client.Errors, e => Assert.StartsWith("sala client: --", e, StringComparison.Ordinal));
    }

    /// <summary>The number after <paramref name="label"/> in an end-of-call line ("lost 12 (6 %)", "concealed 9").</summary>
    private static int Figure(string line, string label)
    {
        var start = line.IndexOf(", " + label, StringComparison.Ordinal) + 2 + label.Length;
        var end = start;
        while (end < line.Length && char.IsAsciiDigit(line[end]))
            end++;
        return int.Parse(line[start..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The short authentication string a client printed when its call connected.</summary>
    private static string CodeIn(IEnumerable<string> output)
    {
        var line = output.Single(l => l.StartsWith("in call with", StringComparison.Ordinal));
        var start = line.IndexOf("code: ", StringComparison.Ordinal) + "code: ".Length;
        return line[start..line.IndexOf(" (the same", start, StringComparison.Ordinal)];
    }
}
