namespace Sala.Audio.Tests;

/// <summary><c>sala devices</c> where there is nothing to list: it says why in one line and exits non-zero.</summary>
public sealed class SalaDevicesCommandTests : IDisposable
{
    private readonly TempFolder _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Without_PortAudio_it_says_how_to_install_it_and_that_file_devices_work()
    {
        var environment = new Dictionary<string, string> { ["SALA_PORTAUDIO_LIBRARY"] = _directory.File("libportaudio.so.2") };

        await using var sala = AudioHost.Sala(environment, "devices");
        Assert.Equal(1, await AudioHost.RunAsync(sala));

        Assert.Empty(sala.Output);
        var line = Assert.Single(sala.Errors);
        Assert.StartsWith("sala devices: PortAudio is not installed", line, StringComparison.Ordinal);
        Assert.Contains("`apt install libportaudio2`", line, StringComparison.Ordinal);
        Assert.Contains("`brew install portaudio`", line, StringComparison.Ordinal);
        Assert.Contains("portaudio.dll", line, StringComparison.Ordinal);
        Assert.Contains("--mic FILE.wav|tone:HZ|silence, --speaker FILE.wav|null", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_device_at_all_it_says_so_in_one_line()
    {
        // Only an empty ALSA configuration: PortAudio initialises and finds nothing, as on a machine with no sound card.
        var environment = new Dictionary<string, string> { ["ALSA_CONFIG_PATH"] = _directory.WriteConfig("asound-empty.conf") };

        await using var sala = AudioHost.Sala(environment, "devices");
        Assert.Equal(1, await AudioHost.RunAsync(sala));

        Assert.Empty(sala.Output);
        var line = Assert.Single(sala.Errors);
        Assert.StartsWith("sala devices: No audio device found: PortAudio works but lists no microphone and no speaker", line, StringComparison.Ordinal);
        Assert.Contains("--mic FILE.wav|tone:HZ|silence", line, StringComparison.Ordinal);
    }
}
