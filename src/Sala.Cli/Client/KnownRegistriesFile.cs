using Sala.Cli.Identity;
using Sala.Registry.Tls;

namespace Sala.Cli.Client;

/// <summary>
/// The certificates of TLS registries this user trusted on first use, one line each, <c>host:port fingerprint</c>, in
/// <c>$XDG_CONFIG_HOME/sala/known_registries</c> (as SSH's <c>known_hosts</c>): readable by its owner only (0600, in a
/// 0700 directory), and rewritten whole under another name and then renamed, so a crash never leaves half a file.
/// Lines it cannot read (comments, a hand edit gone wrong) are kept as they are and match nothing.
/// </summary>
internal sealed class KnownRegistriesFile(string path) : IRegistryCertificatePins
{
    public static string DefaultPath() => Path.Combine(ConfigDirectory.Path(), "known_registries");

    public string Location => path;

    public string? Find(string hostPort)
    {
        foreach (var line in ReadLines())
        {
            if (TryParse(line, out var known, out var fingerprint) && string.Equals(known, hostPort, StringComparison.OrdinalIgnoreCase))
                return fingerprint;
        }
        return null;
    }

    public void Pin(string hostPort, string fingerprint)
    {
        var lines = ReadLines().ToList();
        lines.Add($"{hostPort.ToLowerInvariant()} {fingerprint}");
        PrivateFile.Write(path, string.Concat(lines.Select(line => line + "\n")), replace: true);
    }

    private string[] ReadLines() => File.Exists(path) ? File.ReadAllLines(path) : [];

    private static bool TryParse(string line, out string hostPort, out string fingerprint)
    {
        hostPort = "";
        fingerprint = "";
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 2 || fields[0].StartsWith('#') || !CertificateFingerprint.TryParse(fields[1], out fingerprint))
            return false;
        hostPort = fields[0];
        return true;
    }
}
