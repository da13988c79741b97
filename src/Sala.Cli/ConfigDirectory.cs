namespace Sala.Cli;

/// <summary><c>$XDG_CONFIG_HOME/sala</c>, else <c>~/.config/sala</c>: what a user's client keeps between runs.</summary>
internal static class ConfigDirectory
{
    public static string Path()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config))
            config = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return System.IO.Path.Combine(config, "sala");
    }
}
