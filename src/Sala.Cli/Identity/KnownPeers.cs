using System.Globalization;
using Sala.Protocol.Identity;
using Sala.Protocol.Registry;

namespace Sala.Cli.Identity;

/// <summary>
/// The identities of the people this user has called or been called by, trusted on first use and remembered, as SSH
/// remembers hosts: a <c>known_peers</c> file beside the identity key, one line per name (its key, as names compare,
/// then the fingerprint in base64url). Later calls are recognised, or flagged loudly when the identity changed.
/// Lines that cannot be read are kept as they are and otherwise ignored. Saved whole under another name and then
/// renamed, readable by its owner only.
/// </summary>
internal sealed class KnownPeers
{
    public const string FileName = "known_peers";

    private readonly Dictionary<string, IdentityFingerprint> _peers;
    private readonly List<string> _lines;

    private KnownPeers(string path, List<string> lines)
    {
        Path = path;
        _lines = lines;
        _peers = new Dictionary<string, IdentityFingerprint>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (TryRead(line, out var key, out var fingerprint))
                _peers[key] = fingerprint;
        }
    }

    public string Path { get; }

    /// <summary>The book kept beside the identity in <paramref name="identityPath"/>; empty when there is no file yet.</summary>
    /// <exception cref="IOException">The file exists and cannot be read.</exception>
    public static KnownPeers Beside(string identityPath)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(identityPath))!, FileName);
        return new KnownPeers(path, File.Exists(path) ? [.. File.ReadAllLines(path)] : []);
    }

    /// <summary>The identity remembered for <paramref name="name"/>, if any.</summary>
    public IdentityFingerprint? Find(string name) => _peers.GetValueOrDefault(UserName.Key(name));

    public PeerRecognition Recognize(string name, IdentityFingerprint? presented) => (presented, Find(name)) switch
    {
        (null, _) => PeerRecognition.NoIdentity,
        (_, null) => PeerRecognition.FirstCall,
        var (now, before) when now.Equals(before) => PeerRecognition.Known,
        _ => PeerRecognition.Changed,
    };

    /// <summary>Remembers <paramref name="identity"/> for a name seen for the first time; a changed one is never overwritten here.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Remember(string name, IdentityFingerprint identity)
    {
        var key = UserName.Key(name);
        if (!_peers.TryAdd(key, identity))
            return;
        _lines.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {identity.Text}"));
        Save();
    }

    private static bool TryRead(string line, out string key, out IdentityFingerprint fingerprint)
    {
        key = "";
        fingerprint = null!;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 2 || line.StartsWith('#') || !IdentityFingerprint.TryParse(fields[1], out var read))
            return false;
        key = fields[0];
        fingerprint = read;
        return true;
    }

    private void Save() => PrivateFile.Write(Path, string.Concat(_lines.Select(line => line + "\n")), replace: true);
}
