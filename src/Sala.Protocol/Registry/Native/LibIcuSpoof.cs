using System.Runtime.InteropServices;

namespace Sala.Protocol.Registry.Native;

/// <summary>
/// ICU's spoof checker (uspoof.h, Unicode's UTS #39), from the system's libicui18n: the ICU that .NET itself uses for
/// globalization on Linux. ICU suffixes each export with its major version (<c>uspoof_open_72</c>), so the library
/// and its suffix are found by trying the versions in turn. One checker, configured once, answers from any thread:
/// ICU's check and skeleton functions only read it.
/// </summary>
internal sealed unsafe class LibIcuSpoof
{
    // uspoof.h: USpoofChecks and URestrictionLevel.
    public const int RestrictionLevelCheck = 16;
    public const int InvisibleCheck = 32;
    public const int MixedNumbersCheck = 128;
    private const int ModeratelyRestrictive = 0x40000000;

    // Newest first: a system has one, and the newest is likeliest.
    private const int NewestVersion = 90;
    private const int OldestVersion = 60;

    private static readonly Lazy<LibIcuSpoof?> Loaded = new(Load);

    private readonly delegate* unmanaged[Cdecl]<nint, char*, int, nint, int*, int> _check;
    private readonly delegate* unmanaged[Cdecl]<nint, uint, char*, int, char*, int, int*, int> _getSkeleton;
    private readonly nint _checker;

    private LibIcuSpoof(nint library, int version)
    {
        var open = (delegate* unmanaged[Cdecl]<int*, nint>)Export(library, "uspoof_open", version);
        var setChecks = (delegate* unmanaged[Cdecl]<nint, int, int*, void>)Export(library, "uspoof_setChecks", version);
        var setRestrictionLevel = (delegate* unmanaged[Cdecl]<nint, int, void>)Export(library, "uspoof_setRestrictionLevel", version);
        _check = (delegate* unmanaged[Cdecl]<nint, char*, int, nint, int*, int>)Export(library, "uspoof_check2", version);
        _getSkeleton = (delegate* unmanaged[Cdecl]<nint, uint, char*, int, char*, int, int*, int>)Export(library, "uspoof_getSkeleton", version);
        Version = version;

        var status = 0;
        _checker = open(&status);
        if (status > 0 || _checker == 0)
            throw new EntryPointNotFoundException($"uspoof_open failed (ICU error {status})");
        // Moderately restrictive (UTS #39 §5.2): Latin may go with one other script, but not with Cyrillic or Greek,
        // whose letters copy Latin ones; no script mixes with any other but Latin (and Han with Japanese or Korean).
        setRestrictionLevel(_checker, ModeratelyRestrictive);
        setChecks(_checker, RestrictionLevelCheck | InvisibleCheck | MixedNumbersCheck, &status);
        if (status > 0)
            throw new EntryPointNotFoundException($"uspoof_setChecks failed (ICU error {status})");
        // The checker lives as long as the process: nothing is ever closed.
    }

    /// <summary>The checker, or null when no ICU with the spoof checker loads.</summary>
    public static LibIcuSpoof? Instance => Loaded.Value;

    /// <summary>ICU's major version, such as 72.</summary>
    public int Version { get; }

    /// <summary>The checks <paramref name="identifier"/> fails (a mask of the check constants above), 0 when none.</summary>
    public int Check(ReadOnlySpan<char> identifier)
    {
        var status = 0;
        int failed;
        fixed (char* text = identifier)
            failed = _check(_checker, text, identifier.Length, 0, &status);
        if (status > 0)
            throw new ArgumentException($"ICU could not check the name (ICU error {status})", nameof(identifier));
        return failed;
    }

    /// <summary>
    /// The UTS #39 skeleton of <paramref name="identifier"/> (each character replaced by the prototype it is confused
    /// with, in NFD) written into <paramref name="destination"/>; its length, or the length needed when it does not fit.
    /// </summary>
    public int Skeleton(ReadOnlySpan<char> identifier, Span<char> destination)
    {
        var status = 0;
        int length;
        fixed (char* text = identifier)
        fixed (char* written = destination)
            length = _getSkeleton(_checker, 0, text, identifier.Length, written, destination.Length, &status);
        // U_BUFFER_OVERFLOW_ERROR (15) reports the length needed; any other failure is the caller's to hear about.
        if (status > 0 && status != 15)
            throw new ArgumentException($"ICU could not find the name's look-alikes (ICU error {status})", nameof(identifier));
        return length;
    }

    private static LibIcuSpoof? Load()
    {
        for (var version = NewestVersion; version >= OldestVersion; version--)
        {
            if (!NativeLibrary.TryLoad($"libicui18n.so.{version}", out var library))
                continue;
            try
            {
                return new LibIcuSpoof(library, version);
            }
            catch (EntryPointNotFoundException)
            {
                NativeLibrary.Free(library);
            }
        }

        return null;
    }

    private static nint Export(nint library, string name, int version) =>
        NativeLibrary.TryGetExport(library, $"{name}_{version}", out var address)
            ? address
            : NativeLibrary.GetExport(library, name); // An ICU built without version suffixes.
}
