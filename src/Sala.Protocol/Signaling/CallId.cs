using System.Security.Cryptography;

namespace Sala.Protocol.Signaling;

/// <summary>Call ids: 1 to 32 ASCII letters and digits, chosen by the caller and unique per call.</summary>
public static class CallId
{
    public const int MaxLength = 32;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A fresh id of 16 characters (about 95 bits) from a cryptographic source, so it cannot be guessed.</summary>
    public static string NewRandom() => RandomNumberGenerator.GetString(Alphabet, 16);

    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxLength)
            return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c))
                return false;
        }
        return true;
    }

    public static bool IsValid(ReadOnlySpan<byte> id)
    {
        if (id.Length is 0 or > MaxLength)
            return false;
        foreach (var b in id)
        {
            if (!char.IsAsciiLetterOrDigit((char)b))
                return false;
        }
        return true;
    }
}
