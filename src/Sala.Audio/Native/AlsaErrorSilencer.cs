using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>
/// ALSA prints its own complaints ("underrun occurred", JACK probing) to stderr through a library-wide error handler,
/// from inside PortAudio's calls, also in the middle of a call where muting stderr is no option: it would be the
/// user's terminal. Installing a handler that ignores them keeps them out; PortAudio still reports real errors as
/// return codes, which Sala turns into messages.
/// </summary>
internal static unsafe class AlsaErrorSilencer
{
    private static bool _installed;

    /// <summary>Installs the handler once, on Linux, when libasound is there; anything else is left as it is.</summary>
    public static void Install()
    {
        if (_installed || !OperatingSystem.IsLinux())
            return;
        _installed = true;
        if (!NativeLibrary.TryLoad("libasound.so.2", out var library)
            || !NativeLibrary.TryGetExport(library, "snd_lib_error_set_handler", out var setHandler))
            return;
        // snd_lib_error_handler_t is variadic (fmt, ...); a callee that reads none of the variadic arguments may be
        // declared without them on the System V and AAPCS64 Linux calling conventions.
        ((delegate* unmanaged<delegate* unmanaged<nint, int, nint, int, nint, void>, int>)setHandler)(&Ignore);
    }

    [UnmanagedCallersOnly]
    private static void Ignore(nint file, int line, nint function, int error, nint format)
    {
    }
}
