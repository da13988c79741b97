namespace Sala.Audio.Tests;

/// <summary>The ALSA and PulseAudio configurations of Config/, written for one test's folder.</summary>
internal static class AudioConfig
{
    /// <summary>Writes one of the Config templates into <paramref name="folder"/> with @DIR@ replaced by it; returns its path.</summary>
    public static string WriteConfig(this TempFolder folder, string template)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Config", template));
        var path = folder.File(template);
        File.WriteAllText(path, text.Replace("@DIR@", folder.Path, StringComparison.Ordinal));
        return path;
    }
}
