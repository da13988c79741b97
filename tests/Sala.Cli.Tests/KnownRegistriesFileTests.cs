using Sala.Cli.Client;

namespace Sala.Cli.Tests;

/// <summary>The client's pins of self-signed registry certificates, as SSH's known_hosts.</summary>
public sealed class KnownRegistriesFileTests
{
    private const string Fingerprint = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_pin_is_found_again_by_another_run_in_a_file_only_its_owner_reads()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "config", "sala", "known_registries");
        new KnownRegistriesFile(path).Pin("Registry.Example.org:7070", Fingerprint);

        var later = new KnownRegistriesFile(path);
        Assert.Equal(Fingerprint, later.Find("registry.example.org:7070"));
        Assert.Null(later.Find("registry.example.org:7071"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void Lines_it_cannot_read_are_kept_and_match_nothing()
    {
        using var folder = new TempFolder();
        var path = folder.File("known_registries");
        File.WriteAllText(path, "# pinned by hand\nbroken.example.org:7070 not-a-fingerprint\n");
        var pins = new KnownRegistriesFile(path);

        Assert.Null(pins.Find("broken.example.org:7070"));
        pins.Pin("[::1]:7070", Fingerprint);
        Assert.Equal(["# pinned by hand", "broken.example.org:7070 not-a-fingerprint", $"[::1]:7070 {Fingerprint}"], File.ReadAllLines(path));
        Assert.Equal(Fingerprint, pins.Find("[::1]:7070"));
    }
}
