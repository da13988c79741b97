using System.CommandLine;

namespace Sala.Cli.Identity;

/// <summary><c>sala identity</c>: the user's identity key, made on first use, and its fingerprint to compare aloud.</summary>
internal static class IdentityCommand
{
    public static Command Create()
    {
        var identity = IdentityOption();
        var command = new Command("identity", "Show your identity: the fingerprint of the key your names are claimed with (made on first use)") { identity };
        command.SetAction(result => Run(result.GetValue(identity)!, Console.Out, Console.Error));
        return command;
    }

    /// <summary>The option <c>sala client</c> and <c>sala identity</c> share.</summary>
    public static Option<string> IdentityOption() => new("--identity")
    {
        Description = $"Your identity key file (default {IdentityFile.DefaultPath()}, made on first use; none: register without one)",
        DefaultValueFactory = _ => IdentityFile.DefaultPath(),
    };

    internal static int Run(string path, TextWriter output, TextWriter errors)
    {
        if (path == IdentityFile.None)
        {
            errors.WriteLine("sala identity: --identity none has no identity to show");
            return 2;
        }
        try
        {
            using var key = IdentityFile.LoadOrCreate(path, out var created);
            output.WriteLine($"identity: {key.Fingerprint.Words}");
            output.WriteLine($"fingerprint (SHA-256 of the public key): {key.Fingerprint.Hex}");
            output.WriteLine(created ? $"made now and kept in {path} (readable by you only)" : $"kept in {path}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"sala identity: {ex.Message}");
            return 1;
        }
    }
}
