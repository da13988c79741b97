using System.Security.Cryptography;

namespace Sala.Protocol.Ice;

/// <summary>
/// A side's short-term credentials for one call's connectivity checks (RFC 8445 §5.3): a username fragment and a
/// password, random per call. Checks are signed with the receiver's password, so only the two sides can make them.
/// </summary>
public sealed record IceCredentials(string UsernameFragment, string Password)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static IceCredentials NewRandom() =>
        new(RandomNumberGenerator.GetString(Alphabet, 8), RandomNumberGenerator.GetString(Alphabet, 24));

    /// <summary>RFC 8445 §5.3: ufrag at least 4 and password at least 22 ice-chars; Sala's alphabet is letters and digits.</summary>
    public static bool IsValid(string usernameFragment, string password) =>
        usernameFragment.Length is >= 4 and <= 32 && password.Length is >= 22 and <= 64
        && usernameFragment.All(char.IsAsciiLetterOrDigit) && password.All(char.IsAsciiLetterOrDigit);
}
