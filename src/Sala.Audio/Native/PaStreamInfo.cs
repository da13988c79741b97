using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>PaStreamInfo: what the host actually gave; latencies in seconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaStreamInfo
{
    public int StructVersion;
    public double InputLatency;
    public double OutputLatency;
    public double SampleRate;
}
