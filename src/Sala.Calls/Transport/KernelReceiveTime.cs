using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Sala.Calls.Transport;

/// <summary>
/// When the kernel received the datagram last read from a socket (Linux <c>SIOCGSTAMP</c>), so that a datagram read
/// later, at the reader's pace, still has its true arrival time for the jitter estimate.
/// </summary>
internal static partial class KernelReceiveTime
{
    private const nuint GetStamp = 0x8906; // SIOCGSTAMP: a struct timeval on the realtime clock
    private const int NoStampYet = 2; // ENOENT

    /// <summary>Linux on 64 bits, where a timeval is two longs.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>
    /// Turns the socket's receive timestamps on; false where the kernel refuses (a sandbox that filters ioctl, a
    /// kernel without them), and the arrival times would then be when a datagram was read.
    /// </summary>
    public static bool TryTurnOn(Socket socket) =>
        IsSupported && (ioctl(socket.SafeHandle, GetStamp, out _) == 0 || Marshal.GetLastPInvokeError() == NoStampYet);

    /// <summary>
    /// How long ago the last datagram read from <paramref name="socket"/> arrived, as of <paramref name="utcNow"/>;
    /// zero when the kernel cannot tell.
    /// </summary>
    public static TimeSpan AgeOfLast(Socket socket, DateTime utcNow)
    {
        if (ioctl(socket.SafeHandle, GetStamp, out var stamp) != 0)
            return TimeSpan.Zero;
        var received = DateTime.UnixEpoch.Ticks + (stamp.Seconds * TimeSpan.TicksPerSecond) + (stamp.Microseconds * TimeSpan.TicksPerMicrosecond);
        return utcNow.Ticks > received ? TimeSpan.FromTicks(utcNow.Ticks - received) : TimeSpan.Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeValue
    {
        public long Seconds;
        public long Microseconds;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int ioctl(SafeSocketHandle socket, nuint request, out TimeValue value);
}
