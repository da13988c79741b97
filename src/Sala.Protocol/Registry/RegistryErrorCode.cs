namespace Sala.Protocol.Registry;

/// <summary>The words after <c>ERR</c> in a registry reply.</summary>
public static class RegistryErrorCode
{
    public const string NameTaken = "NAME_TAKEN";
    public const string NotFound = "NOT_FOUND";
    public const string NotOwner = "NOT_OWNER";
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>The server cannot reach its shared store (Redis) now; the connection stays usable, try again later.</summary>
    public const string Unavailable = "UNAVAILABLE";
}
