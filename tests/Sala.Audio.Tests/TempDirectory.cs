namespace Sala.Audio.Tests;

/// <summary>A fresh directory for one test's files (and sound server), deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sala-audio-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes one of the Config templates here with @DIR@ replaced by this directory; returns its path.</summary>
    public string WriteConfig(string template)
    {
        var text = System.IO.File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Config", template));
        var path = File(template);
        System.IO.File.WriteAllText(path, text.Replace("@DIR@", Path, StringComparison.Ordinal));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A sound server still closing its socket; the temp folder is cleaned by the system eventually.
        }
    }
}
