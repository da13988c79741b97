using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sala.Protocol.Registry;

/// <summary>
/// Time-limited TURN credentials as the "TURN REST API" draft (draft-uberti-behave-turn-rest-00 §2.2) defines them
/// and coturn checks them with <c>use-auth-secret</c>: the username is <c>&lt;unix expiry seconds&gt;:&lt;user&gt;</c>
/// and the password base64(HMAC-SHA1(secret, username)). The relay needs only the shared secret, no user database.
/// </summary>
public static class TurnRestCredentials
{
    public static string Username(DateTimeOffset expiry, string user) =>
        expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + user;

    /// <remarks>
    /// HMAC-SHA1 because the scheme and coturn fix it; HMAC (unlike a bare SHA-1 hash) does not rest on SHA-1's
    /// collision resistance, and the credentials expire anyway.
    /// </remarks>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The TURN REST API scheme that coturn checks is HMAC-SHA1.")]
    public static string Password(string secret, string username)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(username);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
    }
}
