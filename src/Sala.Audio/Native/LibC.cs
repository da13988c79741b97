using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>The few POSIX calls needed to hide native libraries' stderr chatter (see <see cref="StandardErrorMute"/>).</summary>
internal static partial class LibC
{
    public const int StandardError = 2;
    public const int WriteOnly = 1;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int fd, int fd2);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
