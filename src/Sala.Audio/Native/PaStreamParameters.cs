using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>PaStreamParameters. The sample format is a C <c>unsigned long</c>: 64 bits on Linux and macOS, 32 on Windows.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaStreamParameters
{
    public int Device;
    public int ChannelCount;
    public CULong SampleFormat;
    public double SuggestedLatency;
    public nint HostApiSpecificStreamInfo;
}
