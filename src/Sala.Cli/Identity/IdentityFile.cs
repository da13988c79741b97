using Sala.Protocol.Identity;

namespace Sala.Cli.Identity;

/// <summary>
/// Where a user's identity key lives: <c>$XDG_CONFIG_HOME/sala/identity.pem</c> (else <c>~/.config/sala/</c>), or the
/// file <c>--identity</c> names. Made on first use, readable by its owner only (0600, in a 0700 directory), written
/// whole under another name and then renamed, so a crash or a second client starting at the same moment never leaves
/// half a key.
/// </summary>
internal static class IdentityFile
{
    public const string None = "none";

    public static string DefaultPath() => Path.Combine(ConfigDirectory.Path(), "identity.pem");

    /// <summary>The key in <paramref name="path"/>, made there first when the file does not exist; <paramref name="created"/> says which.</summary>
    /// <exception cref="IOException">The file cannot be read or written, or holds no identity key (the message says which).</exception>
    public static IdentityKey LoadOrCreate(string path, out bool created)
    {
        created = false;
        if (!File.Exists(path))
        {
            using var fresh = IdentityKey.Create();
            created = TryCreate(path, fresh.ExportPem());
        }
        try
        {
            return IdentityKey.FromPem(File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            throw new IOException($"{path} holds no identity key ({ex.Message})", ex);
        }
    }

    /// <summary>False when another process made the file first: its key is the one to use.</summary>
    private static bool TryCreate(string path, string pem) => PrivateFile.Write(path, pem, replace: false);
}
