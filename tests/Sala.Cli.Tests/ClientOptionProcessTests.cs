using Sala.Media.Analysis;
using Sala.Media;
using Sala.Media.Devices;

namespace Sala.Cli.Tests;

/// <summary>
/// The client options README lists, each through the real <c>sala client</c>: encryption off and its acceptance,
/// post-quantum keys and --no-post-quantum, PCM, the click microphone, the packet time (--frame), and SALA_OPUS. (--udp-port is checked by <see cref="SrtpInteropTests"/>.)
/// </summary>
public sealed class ClientOptionProcessTests
{
    [Fact]
    public async Task No_encryption_is_refused_by_a_default_peer_and_taken_unencrypted_by_one_that_allows_it()
    {
        await using var server = RunningSalaServer.Start();
        await using (var strict = StartCallee(server, "bob"))
        {
            await using var plain = StartCaller(server, "alice", "bob", "--no-encryption");
            Assert.Equal(1, await plain.WaitForExitAsync());
            Assert.Contains(plain.Output, l => l == "call with bob ended: the other side takes only encrypted calls (you started with --no-encryption)");
            Assert.DoesNotContain(strict.Output, l => l.StartsWith("in call", StringComparison.Ordinal));
        }

        await using var lenient = StartCallee(server, "carol", "--allow-unencrypted");
        await using var caller = StartCaller(server, "dave", "carol", "--no-encryption");
        Assert.Equal(0, await caller.WaitForExitAsync());
        Assert.Equal(0, await lenient.WaitForExitAsync());
        Assert.Contains(caller.Output, l => l.StartsWith("in call with carol (opus, NOT ENCRYPTED)", StringComparison.Ordinal));
        Assert.Contains(lenient.Output, l => l.StartsWith("in call with dave (opus, NOT ENCRYPTED)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_are_post_quantum_by_default_and_no_post_quantum_on_either_side_gives_ECDH_alone()
    {
        await using var server = RunningSalaServer.Start();
        await using (var bob = StartCallee(server, "bob"))
        {
            // Through the registry's offer relay and then the call port: the hybrid CONVITE and ACEITO, about 1.8 and 1.6 KB.
            await using var alice = StartCaller(server, "alice", "bob");
            Assert.Equal(0, await alice.WaitForExitAsync());
            Assert.Equal(0, await bob.WaitForExitAsync());
            Assert.Contains(alice.Output, l => l.StartsWith("in call with bob (opus, encrypted, post-quantum, code: ", StringComparison.Ordinal));
            Assert.Contains(bob.Output, l => l.StartsWith("in call with alice (opus, encrypted, post-quantum, code: ", StringComparison.Ordinal));
        }

        await using var carol = StartCallee(server, "carol");
        await using var dave = StartCaller(server, "dave", "carol", "--no-post-quantum");
        Assert.Equal(0, await dave.WaitForExitAsync());
        Assert.Equal(0, await carol.WaitForExitAsync());
        Assert.Contains(dave.Output, l => l.StartsWith("in call with carol (opus, encrypted, code: ", StringComparison.Ordinal));
        Assert.Contains(carol.Output, l => l.StartsWith("in call with dave (opus, encrypted, code: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Codec_pcm_and_a_click_microphone_send_pcm_and_the_peer_hears_a_click_every_250_ms()
    {
        using var folder = new TempFolder();
        await using var server = RunningSalaServer.Start();
        await using var bob = StartCallee(server, "bob", "--speaker", folder.File("bob.wav"));
        await using var alice = StartCaller(server, "alice", "bob", "--codec", "pcm", "--mic", "click:250");
        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Equal(0, await bob.WaitForExitAsync());
        Assert.Contains(alice.Output, l => l.StartsWith("call with bob ended", StringComparison.Ordinal) && l.Contains("codec pcm,", StringComparison.Ordinal));

        // PCM carries the clicks exactly: one onset every 250 ms of samples, nothing between.
        var heard = WavFiles.ReadAsAudioFormat(folder.File("bob.wav"));
        var onsets = new List<int>();
        for (var i = 0; i < heard.Length; i++)
        {
            if (Math.Abs((int)heard[i]) > short.MaxValue / 4 && (onsets.Count == 0 || i - onsets[^1] > AudioFormat.SampleRate / 20))
                onsets.Add(i);
        }
        Assert.True(onsets.Count >= 8, $"{onsets.Count} clicks heard");
        var spacings = onsets.Zip(onsets.Skip(1), (a, b) => b - a).Order().ToArray();
        Assert.Equal(AudioFormat.SampleRate / 4, spacings[spacings.Length / 2]);
    }

    [Fact]
    public async Task SALA_OPUS_chooses_the_opus_implementation_each_side_names()
    {
        await using var server = RunningSalaServer.Start();
        await using var bob = SalaProcess.Start(new Dictionary<string, string> { ["SALA_OPUS"] = "native" },
            "client", "--name", "bob", "--server", server.Address, "--answer", "yes", "--mic", "tone:440", "--speaker", "null", "--exit-after-call");
        bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        await using var alice = SalaProcess.Start(new Dictionary<string, string> { ["SALA_OPUS"] = "managed" },
            "client", "--name", "alice", "--server", server.Address, "--call", "bob", "--mic", "tone:440", "--speaker", "null",
            "--hangup-after", "2s", "--exit-after-call");
        Assert.Equal(0, await alice.WaitForExitAsync());
        Assert.Equal(0, await bob.WaitForExitAsync());
        Assert.Contains(alice.Output, l => l.StartsWith("call with bob ended", StringComparison.Ordinal) && l.Contains("codec opus (Concentus)", StringComparison.Ordinal));
        Assert.Contains(bob.Output, l => l.StartsWith("call with alice ended", StringComparison.Ordinal) && l.Contains("codec opus (libopus ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_log_that_cannot_be_written_is_one_line_and_exit_2()
    {
        await using var client = SalaProcess.Start("client", "--key-log", "/nonexistent-sala-dir/keys.log", "--mic", "silence", "--speaker", "null");
        Assert.Equal(2, await client.WaitForExitAsync());
        var error = Assert.Single(client.Errors);
        Assert.StartsWith("sala client: --key-log: cannot write /nonexistent-sala-dir/keys.log", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Alice asks for <paramref name="frame"/> packets; bob asks nothing (20 ms). Bob sends a packet for each of hers
    /// times <paramref name="bobPerAlice"/>: a third as many at 60 ms, twice as many at 10 ms (alice then runs on 10 ms
    /// frames and puts two in each of bob's 20 ms packets). Alice hears bob's tone whole either way.
    /// </summary>
    [Theory]
    [InlineData("60ms", 1.0 / 3)]
    [InlineData("10ms", 2.0)]
    public async Task Frame_has_the_other_side_send_packets_of_that_length(string frame, double bobPerAlice)
    {
        using var folder = new TempFolder();
        await using var server = RunningSalaServer.Start();
        await using var bob = StartCallee(server, "bob");
        await using var alice = StartCaller(server, "alice", "bob", "--frame", frame, "--speaker", folder.File("alice.wav"));
        Assert.True(await alice.WaitForExitAsync() == 0, alice.Transcript);
        Assert.True(await bob.WaitForExitAsync() == 0, bob.Transcript);

        var aliceSent = PacketsSent(alice.Output, "bob");
        var bobSent = PacketsSent(bob.Output, "alice");
        // The two sides start and stop sending a few frames apart.
        var slack = 4 + (4 * bobPerAlice);
        Assert.InRange(bobSent, (aliceSent * bobPerAlice) - slack, (aliceSent * bobPerAlice) + slack);
        var heard = WavFiles.ReadAsAudioFormat(folder.File("alice.wav"));
        Assert.True(AudioAnalysis.ToneLevel(heard.AsSpan(heard.Length / 3, AudioFormat.SampleRate / 2), 440) > 0.9);
    }

    /// <summary>The count in the end-of-call line: "..., sent 151 packets, ...".</summary>
    private static int PacketsSent(IEnumerable<string> output, string peer)
    {
        var line = output.Single(l => l.StartsWith($"call with {peer} ended", StringComparison.Ordinal));
        var start = line.IndexOf("sent ", StringComparison.Ordinal) + "sent ".Length;
        return int.Parse(line[start..line.IndexOf(" packets", start, StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ChildProcess StartCallee(RunningSalaServer server, string name, params string[] options)
    {
        string[] defaults = options.Contains("--speaker") ? [] : ["--speaker", "null"];
        var callee = SalaProcess.Start(["client", "--name", name, "--server", server.Address, "--answer", "yes", "--mic", "tone:440",
            "--exit-after-call", .. defaults, .. options]);
        callee.WaitForLine(l => l.StartsWith($"registered as {name}", StringComparison.Ordinal));
        return callee;
    }

    private static ChildProcess StartCaller(RunningSalaServer server, string name, string callee, params string[] options)
    {
        string[] mic = options.Contains("--mic") ? [] : ["--mic", "tone:880"];
        string[] speaker = options.Contains("--speaker") ? [] : ["--speaker", "null"];
        return SalaProcess.Start(["client", "--name", name, "--server", server.Address, "--call", callee,
            "--hangup-after", "3s", "--exit-after-call", .. mic, .. speaker, .. options]);
    }
}
