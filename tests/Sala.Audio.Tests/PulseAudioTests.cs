using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Audio.Tests;

/// <summary>
/// PortAudio in real time against a private PulseAudio: what pacat plays into the virtual microphone comes out of
/// PortAudioSource, and what PortAudioSink plays is what parecord records. The delay through the server varies by
/// seconds from run to run, so recordings are aligned by cross-correlation before they are compared.
/// </summary>
[Collection(PulseAudioGroup.Name)]
public sealed class PulseAudioTests(PulseAudioFixture fixture)
{
    // Most of a run's delay is PulseAudio starting its streams (up to a few seconds here); the rest is latency.
    private static readonly TimeSpan StreamDeadline = TimeSpan.FromSeconds(20);

    private PulseAudioServer Server => fixture.Server;

    [Fact]
    public async Task Microphone_captures_what_is_played_into_it()
    {
        var signal = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(2), seed: 7);
        var feed = Server.File($"feed-{Guid.NewGuid():N}.raw");
        var captured = Server.File($"captured-{Guid.NewGuid():N}.raw");
        RawAudio.Write(feed, signal);

        await using var host = AudioHost.Start(Server.Environment, "capture", "default", captured, "30", "--paced");
        host.WaitForLine(l => l == "ready", StreamDeadline);
        await using (var feeder = Server.Feed("test_in", feed))
            Assert.True(await feeder.WaitForExitAsync(StreamDeadline) == 0, feeder.Transcript);
        // pacat exits once the server has played all of it. The capture runs 5 s more: a generous bound on the server's
        // latency, not an assumption about it (the comparison below finds the signal wherever it landed).
        host.SendLine("stop 250");
        Assert.True(await host.WaitForExitAsync(StreamDeadline) == 0, host.Transcript);

        var counters = Assert.Single(host.Output, l => l.StartsWith("counters", StringComparison.Ordinal));
        Assert.EndsWith("failure=-", counters, StringComparison.Ordinal);
        AssertCarries(signal, RawAudio.Read(captured), host.Transcript);
    }

    [Fact]
    public async Task Speaker_plays_what_is_written_to_it()
    {
        var signal = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(2), seed: 11);
        var sent = Server.File($"sent-{Guid.NewGuid():N}.raw");
        var recording = Server.File($"recorded-{Guid.NewGuid():N}.raw");
        RawAudio.Write(sent, signal);

        await using var recorder = Server.Record("test_out", recording);
        await using var host = AudioHost.Start(Server.Environment, "play", "default", sent, "--paced", "--wait-for-go");
        host.WaitForLine(l => l == "ready", StreamDeadline);
        // The speaker plays silence until the recording grows: then both streams are flowing and none of the signal
        // is lost to PulseAudio starting them.
        await Eventually.TrueAsync(() => Length(recording) > 0.2 * AudioFormat.SampleRate * 2, within: StreamDeadline, describe: () => host.Transcript);
        host.SendLine("go");
        Assert.True(await host.WaitForExitAsync(StreamDeadline) == 0, host.Transcript);
        // The speaker has drained into the server; what it played reaches the recorder after the server's latency.
        var played = Length(recording);
        await Eventually.TrueAsync(() => Length(recording) > played + (0.5 * AudioFormat.SampleRate * 2), within: StreamDeadline, describe: () => recorder.Transcript);
        recorder.Terminate();
        await recorder.WaitForExitAsync(StreamDeadline);

        var counters = Assert.Single(host.Output, l => l.StartsWith("counters", StringComparison.Ordinal));
        Assert.EndsWith("failure=-", counters, StringComparison.Ordinal);
        AssertCarries(signal, RawAudio.Read(recording), host.Transcript);
    }

    [Fact]
    public async Task Catalog_lists_the_virtual_devices()
    {
        await using var host = AudioHost.Start(Server.Environment, "list");
        Assert.True(await AudioHost.RunAsync(host) == 0, host.Transcript);

        var devices = host.Output.Select(l => l.Split('|')).ToDictionary(f => f[1]);
        Assert.Contains("test_pulse_in", devices.Keys);
        Assert.Contains("test_pulse_out", devices.Keys);
        Assert.Equal(["True", "True"], [devices["default"][6], devices["default"][7]]);
    }

    [Fact]
    public async Task Sala_devices_lists_the_virtual_devices_and_marks_the_defaults()
    {
        await using var sala = AudioHost.Sala(Server.Environment, "devices");
        Assert.True(await AudioHost.RunAsync(sala) == 0, sala.Transcript);

        var lines = sala.Output.ToList();
        var speakers = lines.IndexOf("Speakers (--speaker)");
        Assert.True(lines[0] == "Microphones (--mic)" && speakers > 0, sala.Transcript);
        foreach (var section in new[] { lines[1..speakers], lines[(speakers + 1)..^1] })
        {
            Assert.Contains(section, l => l.Contains(" test_pulse_in ", StringComparison.Ordinal) && l.Contains(" ALSA ", StringComparison.Ordinal));
            Assert.Contains(section, l => l.Contains(" test_pulse_out ", StringComparison.Ordinal));
            Assert.Single(section, l => l.StartsWith('*'));
            Assert.Contains(section, l => l.StartsWith('*') && l.Contains(" default ", StringComparison.Ordinal) && l.EndsWith(" Hz", StringComparison.Ordinal));
        }

        Assert.Empty(sala.Errors);
    }

    /// <summary>
    /// The signal is recognisable in the recording: most of its 400 ms pieces are found there, in order, sounding like
    /// themselves. Byte-exact in most runs; piece by piece because on a loaded machine a late frame loop may drop or
    /// insert a frame, which shifts everything after it.
    /// </summary>
    private static void AssertCarries(short[] signal, short[] recording, string transcript)
    {
        Assert.True(recording.Length > signal.Length, $"recording of {recording.Length} samples is shorter than the signal; {transcript}");
        const int Piece = AudioFormat.SampleRate * 400 / 1000;
        var found = new List<string>();
        var recognised = 0;
        var previous = -1;
        for (var start = 0; start + Piece <= signal.Length; start += Piece)
        {
            var piece = signal.AsSpan(start, Piece);
            var offset = AudioAnalysis.FindOffset(piece, recording, recording.Length);
            var similarity = offset >= 0 && offset + Piece <= recording.Length ? AudioAnalysis.SimilarityAt(piece, recording, offset) : 0;
            var exact = similarity > 0 && piece.SequenceEqual(recording.AsSpan(offset, Piece));
            found.Add($"{start / Piece}@{offset}:{similarity:0.00}{(exact ? " exact" : "")}");
            if (similarity > 0.9 && offset > previous)
            {
                recognised++;
                previous = offset;
                var level = AudioAnalysis.Rms(recording.AsSpan(offset, Piece)) / AudioAnalysis.Rms(piece);
                Assert.InRange(level, 0.8, 1.25);
            }
        }

        Assert.True(recognised >= (found.Count * 4 / 5), $"only {recognised} of {found.Count} pieces recognised ({string.Join(", ", found)}); {transcript}");
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
