namespace Sala.Protocol.Registry;

/// <summary>The words after <c>ERR</c> in a registry reply.</summary>
public static class RegistryErrorCode
{
    public const string NameTaken = "NAME_TAKEN";

    /// <summary>The name is claimed by an identity key, and the registration did not prove that key.</summary>
    public const string NameClaimed = "NAME_CLAIMED";

    /// <summary>A REGISTER's key= and sig= do not prove the key: no nonce asked, the nonce used already, or a bad signature.</summary>
    public const string BadProof = "BAD_PROOF";
    public const string NotFound = "NOT_FOUND";
    public const string NotOwner = "NOT_OWNER";
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>The request needs a name registered on this connection (SEND, TURN) and there is none.</summary>
    public const string NotRegistered = "NOT_REGISTERED";

    /// <summary>The server cannot reach its shared store (Redis) now; the connection stays usable, try again later.</summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>The connection sent requests faster than the server's per-connection rate; it may send again later.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>The server holds as many connections as it allows (in all, or from this address); sent, then it closes.</summary>
    public const string Busy = "BUSY";
}
