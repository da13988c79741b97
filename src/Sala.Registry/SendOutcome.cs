namespace Sala.Registry;

/// <summary>What became of <see cref="RegistryClient.SendAsync"/>.</summary>
public enum SendOutcome
{
    /// <summary>Delivered to the recipient's connection, or handed to the server that holds it.</summary>
    Sent,

    /// <summary>Nobody holds that name.</summary>
    NotFound,

    /// <summary>Too many messages from this sender, or to that recipient; not delivered, try again later.</summary>
    RateLimited,

    /// <summary>This connection has registered no name to send as.</summary>
    NotRegistered,
}
