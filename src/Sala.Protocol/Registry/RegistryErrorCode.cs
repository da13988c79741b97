namespace Sala.Protocol.Registry;

/// <summary>The words after <c>ERR</c> in a registry reply.</summary>
public static class RegistryErrorCode
{
    public const string NameTaken = "NAME_TAKEN";
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
