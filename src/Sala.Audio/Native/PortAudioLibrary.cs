using System.Reflection;
using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>
/// Finds the PortAudio shared library under the names each system installs it as, and points the
/// <see cref="PortAudioNative"/> imports at it. Loading is explicit so a missing library becomes a clear
/// <see cref="AudioUnavailableException"/> before any import is called, never a DllNotFoundException mid-call.
/// </summary>
internal static class PortAudioLibrary
{
    /// <summary>Set to a file path to load that PortAudio build instead of the system's (also how tests simulate its absence).</summary>
    public const string OverrideVariable = "SALA_PORTAUDIO_LIBRARY";

    private static readonly Lock Gate = new();
    private static nint _handle;
    private static bool _resolverRegistered;

    /// <summary>The names tried, in order, on this system.</summary>
    public static IReadOnlyList<string> Candidates
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(OverrideVariable);
            if (!string.IsNullOrEmpty(path))
                return [path];
            if (OperatingSystem.IsWindows())
                return ["portaudio.dll", "libportaudio.dll", "portaudio_x64.dll", "libportaudio-2.dll"];
            if (OperatingSystem.IsMacOS())
            {
                // dlopen does not search Homebrew's prefixes, so they are named explicitly.
                return ["libportaudio.2.dylib", "/opt/homebrew/lib/libportaudio.2.dylib", "/usr/local/lib/libportaudio.2.dylib",
                    "libportaudio.dylib"];
            }

            // The versioned name is what the runtime package installs (libportaudio2); the bare .so only comes with -dev.
            return ["libportaudio.so.2", "libportaudio.so"];
        }
    }

    /// <summary>Loads the library once; false when none of the <see cref="Candidates"/> loads.</summary>
    public static bool TryLoad()
    {
        lock (Gate)
        {
            if (_handle != 0)
                return true;
            foreach (var name in Candidates)
            {
                var loaded = Path.IsPathRooted(name)
                    ? NativeLibrary.TryLoad(name, out _handle)
                    : NativeLibrary.TryLoad(name, typeof(PortAudioLibrary).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out _handle);
                if (loaded)
                    break;
            }

            if (_handle == 0)
                return false;
            if (!_resolverRegistered)
            {
                NativeLibrary.SetDllImportResolver(typeof(PortAudioLibrary).Assembly, Resolve);
                _resolverRegistered = true;
            }

            return true;
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == PortAudioNative.LibraryName ? _handle : 0;
}
