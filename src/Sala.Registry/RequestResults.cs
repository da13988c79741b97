using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>The outcome tag of a request in the metrics: <c>ok</c>, or its ERR code in lower case, made once.</summary>
internal static class RequestResults
{
    public const string Ok = "ok";

    public static readonly string NameTaken = RegistryErrorCode.NameTaken.ToLowerInvariant();
    public static readonly string NotFound = RegistryErrorCode.NotFound.ToLowerInvariant();
    public static readonly string NotOwner = RegistryErrorCode.NotOwner.ToLowerInvariant();
    public static readonly string BadRequest = RegistryErrorCode.BadRequest.ToLowerInvariant();
    public static readonly string NotRegistered = RegistryErrorCode.NotRegistered.ToLowerInvariant();
    public static readonly string Unavailable = RegistryErrorCode.Unavailable.ToLowerInvariant();
    public static readonly string RateLimited = RegistryErrorCode.RateLimited.ToLowerInvariant();
}
