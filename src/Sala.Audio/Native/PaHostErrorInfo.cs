using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>PaHostErrorInfo: the host API's own error behind paUnanticipatedHostError.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaHostErrorInfo
{
    public int HostApiType;
    public CLong ErrorCode;
    public nint ErrorText;
}
