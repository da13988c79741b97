using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>PaHostApiInfo.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaHostApiInfo
{
    public int StructVersion;
    public int Type;
    public nint Name;
    public int DeviceCount;
    public int DefaultInputDevice;
    public int DefaultOutputDevice;
}
