using System.Collections.Concurrent;
using System.Text;
using Sala.Protocol.Registry.Native;

namespace Sala.Protocol.Registry;

/// <summary>
/// Names that pass for other names (Unicode's UTS #39, through ICU): a name mixing scripts the way impersonators do
/// (a Cyrillic <c>а</c> among Latin letters) is refused, and every letter outside ASCII is folded to the character it
/// is confused with, so a name that differs from another only by such look-alikes has the other's key and counts as
/// taken. ASCII names never need ICU: they are one script, and their keys stay their lower case.
/// </summary>
internal static class LookAlikeNames
{
    // A letter's fold is asked of ICU once; an attacker trying every letter of Unicode stops the caching, not the folding.
    private const int MaxCachedFolds = 4096;
    private static readonly ConcurrentDictionary<int, string> Folds = new();

    /// <summary>Why <paramref name="name"/> (NFC, not all ASCII) is refused as a look-alike; null when it is not one.</summary>
    public static string? WhyRefused(string name)
    {
        if (LibIcuSpoof.Instance is not { } icu)
            return "names beyond ASCII cannot be checked for look-alikes on this system (ICU, libicu, is missing)";
        var failed = icu.Check(name);
        if ((failed & LibIcuSpoof.RestrictionLevelCheck) != 0)
            return "name mixes letters of scripts that look alike (such as Latin with Cyrillic or Greek)";
        if ((failed & LibIcuSpoof.MixedNumbersCheck) != 0)
            return "name mixes digits of different number systems";
        if ((failed & LibIcuSpoof.InvisibleCheck) != 0)
            return "name repeats a combining mark, which cannot be seen";
        return null;
    }

    /// <summary>
    /// <paramref name="lowerName"/> with each character outside ASCII replaced by its UTS #39 prototype, lower-cased
    /// again; unchanged when ICU is missing (no such name is accepted then). ASCII's own look-alikes (0 and O, 1 and l,
    /// rn and m) are left apart, as the seed's names always were.
    /// </summary>
    public static string Fold(string lowerName)
    {
        if (LibIcuSpoof.Instance is not { } icu)
            return lowerName;
        var folded = new StringBuilder(lowerName.Length);
        foreach (var rune in lowerName.EnumerateRunes())
        {
            if (rune.IsAscii)
                folded.Append((char)rune.Value);
            else
                folded.Append(FoldOf(icu, rune));
        }
        return folded.ToString().ToLowerInvariant();
    }

    // The letter's own prototype when that is ASCII, else its capital's (Greek Β and Ε copy B and E, while β and ε
    // copy nothing), else its own: both cases of a letter fold alike, so names stay equal whatever their case.
    private static string FoldOf(LibIcuSpoof icu, Rune rune)
    {
        if (Folds.TryGetValue(rune.Value, out var cached))
            return cached;
        var lower = Prototype(icu, Rune.ToLowerInvariant(rune));
        var fold = lower is not null && Ascii.IsValid(lower)
            ? lower
            : Prototype(icu, Rune.ToUpperInvariant(rune)) is { } upper && Ascii.IsValid(upper) ? upper : lower ?? rune.ToString();
        if (Folds.Count < MaxCachedFolds)
            Folds.TryAdd(rune.Value, fold);
        return fold;
    }

    private static string? Prototype(LibIcuSpoof icu, Rune rune)
    {
        Span<char> letter = stackalloc char[2];
        var letterLength = rune.EncodeToUtf16(letter);
        // A prototype is a few characters at most (UTS #39's longest is 18).
        Span<char> skeleton = stackalloc char[32];
        var length = icu.Skeleton(letter[..letterLength], skeleton);
        return length <= skeleton.Length ? new string(skeleton[..length]) : null;
    }
}
