namespace Sala.Audio.Tests;

/// <summary>
/// Runs Sala.Audio.TestHost or sala with PortAudio pointed at a test ALSA configuration. ALSA reads
/// ALSA_CONFIG_PATH from the native environment when PortAudio initialises, so each configuration needs its own
/// process: setting it in this one would race with every other test (and .NET does not pass its own environment
/// changes to native code anyway).
/// </summary>
internal static class AudioHost
{
    public const string SystemAlsaConfig = "/usr/share/alsa/alsa.conf";

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ChildProcess.StartDotnet("Sala.Audio.TestHost.dll", args, environment);

    public static ChildProcess Sala(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ChildProcess.StartDotnet("sala.dll", args, environment);

    /// <summary>The system's ALSA configuration plus <paramref name="testConfig"/> (which may redefine the default device).</summary>
    public static Dictionary<string, string> WithAlsaConfig(string testConfig)
    {
        Assert.True(File.Exists(SystemAlsaConfig), $"{SystemAlsaConfig} is missing: run ./test.sh, which installs libportaudio2 and ALSA");
        return new Dictionary<string, string> { ["ALSA_CONFIG_PATH"] = $"{SystemAlsaConfig}:{testConfig}" };
    }

    /// <summary>Runs the host to completion and returns its exit code (its transcript is in the process).</summary>
    public static async Task<int> RunAsync(ChildProcess process) => await process.WaitForExitAsync(Deadline);
}
