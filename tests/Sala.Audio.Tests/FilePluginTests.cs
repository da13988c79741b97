using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Audio.Tests;

/// <summary>
/// PortAudio's real path into ALSA's file plugin: deterministic and unpaced, so these test the data path (every
/// sample, resampling, device listing and errors), not timing. A queue limit of a minute keeps the unpaced device
/// from overrunning the queue, so nothing is dropped.
/// </summary>
public sealed class FilePluginTests : IDisposable
{
    private const string LongQueue = "60000";

    private readonly TempFolder _directory = new();
    private readonly Dictionary<string, string> _environment;

    public FilePluginTests() => _environment = AudioHost.WithAlsaConfig(_directory.WriteConfig("asound-file.conf"));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Microphone_delivers_the_captured_file_byte_exact()
    {
        var input = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 3);
        RawAudio.Write(_directory.File("in.raw"), input);

        await using var host = AudioHost.Start(_environment, "capture", "default", _directory.File("out.raw"), "2", "--queue-ms", LongQueue);
        Assert.True(await AudioHost.RunAsync(host) == 0, host.Transcript);

        Assert.Contains("opened rate=48000 channels=1 latency=40ms", host.Output);
        Assert.Contains("counters underruns=0 overruns=0 failure=-", host.Output);
        var captured = RawAudio.Read(_directory.File("out.raw"));
        Assert.Equal(2 * AudioFormat.SampleRate, captured.Length);
        Assert.True(input.AsSpan(0, captured.Length).SequenceEqual(captured), "the capture differs from the input file");
    }

    [Fact]
    public async Task Microphone_at_44100_Hz_is_resampled_to_48_kHz()
    {
        RawAudio.Write(_directory.File("in.raw"), RawAudio.Tone(1000, 44_100, TimeSpan.FromSeconds(3)));

        await using var host = AudioHost.Start(
            _environment, "capture", "default", _directory.File("out.raw"), "2", "--queue-ms", LongQueue, "--rate", "44100");
        Assert.True(await AudioHost.RunAsync(host) == 0, host.Transcript);

        Assert.Contains("opened rate=44100 channels=1 latency=40ms", host.Output);
        var captured = RawAudio.Read(_directory.File("out.raw")).AsSpan(AudioFormat.SamplesPerFrame);
        // A 1 kHz tone still at 1 kHz at 48 kHz, at the same level: the rate really was converted.
        Assert.InRange(AudioAnalysis.ToneLevel(captured, 1000), 0.99, 1);
        Assert.InRange(AudioAnalysis.Rms(captured), 0.5 * 0.707 * 0.95, 0.5 * 0.707 * 1.05);
    }

    [Fact]
    public async Task Speaker_plays_exactly_what_was_written_after_one_frame_of_cushion()
    {
        var sent = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(2), seed: 5);
        RawAudio.Write(_directory.File("sent.raw"), sent);

        await using var host = AudioHost.Start(_environment, "play", "default", _directory.File("sent.raw"), "--queue-ms", LongQueue);
        Assert.True(await AudioHost.RunAsync(host) == 0, host.Transcript);

        Assert.Contains("counters underruns=0 overruns=0 failure=-", host.Output);
        var played = RawAudio.Read(_directory.File("played.raw"));
        Assert.Equal(AudioFormat.SamplesPerFrame + sent.Length, played.Length);
        Assert.All(played[..AudioFormat.SamplesPerFrame], s => Assert.Equal(0, s));
        Assert.True(played.AsSpan(AudioFormat.SamplesPerFrame).SequenceEqual(sent), "what was played differs from what was written");
    }

    [Fact]
    public async Task Speaker_at_44100_Hz_is_fed_resampled_audio()
    {
        RawAudio.Write(_directory.File("sent.raw"), RawAudio.Tone(1000, AudioFormat.SampleRate, TimeSpan.FromSeconds(2)));

        await using var host = AudioHost.Start(
            _environment, "play", "default", _directory.File("sent.raw"), "--queue-ms", LongQueue, "--rate", "44100");
        Assert.True(await AudioHost.RunAsync(host) == 0, host.Transcript);

        Assert.Contains("opened rate=44100 channels=1 latency=40ms", host.Output);
        var played = RawAudio.Read(_directory.File("played.raw"));
        // A frame of cushion (882 samples) then 2 s, give or take the converter's few samples of delay.
        Assert.InRange(played.Length, 882 + 88_200 - 64, 882 + 88_200);
        var tone = played.AsSpan(4410, 80_000);
        Assert.InRange(AudioAnalysis.ToneLevel(tone, 1000, 44_100), 0.99, 1);
        Assert.InRange(AudioAnalysis.Rms(tone), 0.5 * 0.707 * 0.95, 0.5 * 0.707 * 1.05);
    }

    [Fact]
    public async Task Catalog_lists_the_plugin_devices_with_the_defaults()
    {
        RawAudio.Write(_directory.File("in.raw"), new short[AudioFormat.SampleRate]);

        await using var host = AudioHost.Start(_environment, "list");
        Assert.True(await AudioHost.RunAsync(host) == 0, host.Transcript);

        var devices = host.Output.Select(l => l.Split('|')).ToDictionary(f => f[1]);
        Assert.Equal(["default", "test_cap", "test_play"], devices.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["ALSA", "True", "True"], [devices["default"][2], devices["default"][6], devices["default"][7]]);
    }

    [Fact]
    public async Task Unknown_device_name_is_refused_with_the_candidates()
    {
        RawAudio.Write(_directory.File("in.raw"), new short[AudioFormat.SampleRate]);

        await using var host = AudioHost.Start(_environment, "capture", "no-such-mic", _directory.File("out.raw"), "1");
        Assert.Equal(2, await AudioHost.RunAsync(host));

        var error = Assert.Single(host.Errors);
        Assert.StartsWith("error: No microphone matches 'no-such-mic'; inputs are: ", error, StringComparison.Ordinal);
        Assert.Contains("'test_cap' (ALSA)", error, StringComparison.Ordinal);
    }
}
