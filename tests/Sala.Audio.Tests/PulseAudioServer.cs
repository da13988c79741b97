namespace Sala.Audio.Tests;

/// <summary>
/// A private PulseAudio with null sinks (Config/test.pa) in a temporary directory, reached by PortAudio through ALSA's
/// pulse plugin (Config/asound-pulse.conf): a microphone is what <see cref="Feed"/> plays into its sink, a speaker is
/// what <see cref="Record"/> records from its sink. The default devices are test_in and test_out; alice_* and bob_*
/// are two users' own. Missing packages fail the test with what to install, never skip it.
/// </summary>
internal sealed class PulseAudioServer : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);
    private static readonly string[] LibraryFolders = ["/usr/lib", "/usr/lib64"];

    private readonly TempFolder _directory;
    private readonly ChildProcess _daemon;

    private PulseAudioServer(TempFolder directory, ChildProcess daemon, string alsaConfig)
    {
        _directory = directory;
        _daemon = daemon;
        Environment = new Dictionary<string, string>(AudioHost.WithAlsaConfig(alsaConfig))
        {
            // libpulse in the child keeps its cookie and runtime files here, not in the real home.
            ["HOME"] = directory.Path,
            ["XDG_RUNTIME_DIR"] = directory.Path,
        };
    }

    /// <summary>For a child process using PortAudio: ALSA's default devices are this server's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string Server => "unix:" + _directory.File("native");

    public string File(string name) => _directory.File(name);

    public static async Task<PulseAudioServer> StartAsync()
    {
        if (!PulsePluginInstalled())
            Assert.Fail("ALSA's pulse plugin (libasound_module_pcm_pulse.so) is missing: run ./test.sh, which installs libasound2-plugins");
        var directory = new TempFolder();
        var script = directory.WriteConfig("test.pa");
        var alsa = directory.WriteConfig("asound-pulse.conf");
        var daemon = ChildProcess.Start(
            "pulseaudio",
            ["-n", "-F", script, "--daemonize=no", "--exit-idle-time=-1", "--log-target=stderr", "--log-level=info"],
            new Dictionary<string, string> { ["HOME"] = directory.Path, ["XDG_RUNTIME_DIR"] = directory.Path },
            errorsAsLines: true);
        var server = new PulseAudioServer(directory, daemon, alsa);
        try
        {
            daemon.WaitForLine(l => l.Contains("Daemon startup complete", StringComparison.Ordinal), StartDeadline);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// pacat playing a raw 48 kHz mono file into <paramref name="sink"/>, whose monitor is a microphone; it exits once
    /// all of it has played.
    /// </summary>
    public ChildProcess Feed(string sink, string rawFile) =>
        ChildProcess.Start("pacat", ["--playback", $"--server={Server}", $"--device={sink}", .. RawFormat, rawFile]);

    /// <summary>parecord writing what a speaker plays into <paramref name="sink"/> to a raw 48 kHz mono file, as it arrives.</summary>
    public ChildProcess Record(string sink, string rawFile) =>
        ChildProcess.Start("parecord", [$"--server={Server}", $"--device={sink}.monitor", "--latency-msec=20", .. RawFormat, rawFile]);

    /// <summary>Runs pactl against this server and returns what it printed, failing the test when it fails.</summary>
    public async Task<IReadOnlyCollection<string>> ControlAsync(params string[] args)
    {
        await using var pactl = ChildProcess.Start("pactl", [$"--server={Server}", .. args]);
        var exit = await pactl.WaitForExitAsync(StartDeadline);
        Assert.True(exit == 0, pactl.Transcript);
        return pactl.Output;
    }

    /// <summary>The server dies at once, as when a USB headset is pulled out or the sound server crashes.</summary>
    public void Kill() => _daemon.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_daemon.HasExited)
        {
            _daemon.Terminate();
            try
            {
                await _daemon.WaitForExitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                // DisposeAsync kills it.
            }
        }

        await _daemon.DisposeAsync();
        _directory.Dispose();
    }

    private static string[] RawFormat => ["--rate=48000", "--channels=1", "--format=s16le", "--raw"];

    private static bool PulsePluginInstalled()
    {
        // Debian keeps ALSA's plugins under the multiarch folder (/usr/lib/x86_64-linux-gnu/alsa-lib), others in /usr/lib64.
        var folders = LibraryFolders.Where(Directory.Exists)
            .SelectMany(lib => Directory.EnumerateDirectories(lib).Append(lib))
            .Select(folder => Path.Combine(folder, "alsa-lib", "libasound_module_pcm_pulse.so"));
        return folders.Any(System.IO.File.Exists);
    }
}
