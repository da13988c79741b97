namespace Sala.Registry;

/// <summary>
/// The TURN relay whose credentials the registry hands out (<c>TURN</c>), and the secret it shares with it
/// (coturn's <c>static-auth-secret</c>). Not a record, so the secret never shows in a printed options object.
/// </summary>
public sealed class TurnRelayOptions(string host, int port, string secret, TimeSpan lifetime)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);

    public string Host { get; } = host;

    public int Port { get; } = port;

    public string Secret { get; } = secret;

    /// <summary>How long each set of credentials is valid from the moment it is handed out.</summary>
    public TimeSpan Lifetime { get; } = lifetime;

    public override string ToString() => $"{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}, credentials for {Lifetime.TotalHours:0.##} h";
}
