using System.Text;

namespace Sala.Cli.Identity;

/// <summary>
/// The files that hold a user's secrets and trust (identity key, known peers, known registries): readable by their owner only (0600, in
/// a 0700 directory), and written whole under another name, synced, then renamed, so a crash or a second client at the
/// same moment never leaves half a file.
/// </summary>
internal static class PrivateFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/>; with <paramref name="replace"/> false, returns false
    /// (writing nothing) when the file exists by the time it would be renamed into place.
    /// </summary>
    public static bool Write(string path, string text, bool replace)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, path, overwrite: replace);
            return true;
        }
        catch (IOException) when (!replace && File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
