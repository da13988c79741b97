using System.Globalization;
using System.Text;

namespace Sala.Protocol.Registry;

/// <summary>
/// User names as MISSION.md section 2 defines them: 1 to 32 characters after NFC normalisation, letters of any
/// script, digits, '.', '_' and '-'; compared case-insensitively. Names beyond ASCII must not pass for others
/// (<see cref="LookAlikeNames"/>): no mix of scripts used to impersonate, and look-alike letters compare equal.
/// </summary>
public static class UserName
{
    public const int MaxLength = 32;

    /// <summary>Normalises <paramref name="raw"/> to NFC and checks it; returns the reason when it is not a name.</summary>
    public static bool TryNormalize(string raw, out string name, out string? whyNot)
    {
        ArgumentNullException.ThrowIfNull(raw);
        name = raw.IsNormalized(NormalizationForm.FormC) ? raw : raw.Normalize(NormalizationForm.FormC);
        whyNot = Check(name);
        return whyNot is null;
    }

    /// <summary>
    /// The name in <paramref name="utf8"/> when it is 1 to 32 of ASCII letters, digits, '.', '_' and '-': what nearly
    /// every name is, already NFC and needing no other check, so the request path skips decoding and normalising it.
    /// False says only that the full check (<see cref="TryNormalize"/>) must decide.
    /// </summary>
    public static bool TryPlainAscii(ReadOnlySpan<byte> utf8, out string name)
    {
        name = "";
        if (utf8.IsEmpty || utf8.Length > MaxLength)
            return false;
        foreach (var b in utf8)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'_' or (byte)'-'))
                return false;
        }
        name = Encoding.ASCII.GetString(utf8);
        return true;
    }

    /// <summary>
    /// The key two names share when they are the same name, or look alike: NFC, then lower case, then (beyond ASCII)
    /// each letter folded to the one it is confused with.
    /// </summary>
    public static string Key(string normalizedName)
    {
        var lower = normalizedName.ToLowerInvariant();
        return Ascii.IsValid(lower) ? lower : LookAlikeNames.Fold(lower);
    }

    /// <summary>
    /// <see cref="Key"/> written into <paramref name="destination"/> instead of a new string, for lookups on the
    /// request path; -1 when it does not fit or the name is not all ASCII (then <see cref="Key"/> folds it).
    /// </summary>
    public static int WriteKey(ReadOnlySpan<char> normalizedName, Span<char> destination) =>
        Ascii.IsValid(normalizedName) ? normalizedName.ToLowerInvariant(destination) : -1;

    private static string? Check(string name)
    {
        if (name.Length == 0)
            return "name is empty";
        var count = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            count++;
            if (count > MaxLength)
                return $"name is longer than {MaxLength} characters";
            if (!IsAllowed(rune, first: count == 1))
                return "name may hold only letters, digits, '.', '_' and '-'";
        }
        return Ascii.IsValid(name) ? null : LookAlikeNames.WhyRefused(name);
    }

    private static bool IsAllowed(Rune rune, bool first)
    {
        if (rune.Value is '.' or '_' or '-')
            return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber => true,
            // Combining marks complete a letter in many scripts (Devanagari vowel signs, for one), never start a name.
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => !first,
            _ => false,
        };
    }
}
