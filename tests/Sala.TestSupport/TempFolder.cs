namespace Sala.Testing;

/// <summary>A fresh folder for one test's files (recordings, configurations, a sound server's socket), deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sala-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process still closing a file or socket there; the system's temp folder is cleaned eventually.
        }
    }
}
