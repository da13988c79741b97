using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>PaDeviceInfo; latencies are in seconds.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PaDeviceInfo
{
    public int StructVersion;
    public nint Name;
    public int HostApi;
    public int MaxInputChannels;
    public int MaxOutputChannels;
    public double DefaultLowInputLatency;
    public double DefaultLowOutputLatency;
    public double DefaultHighInputLatency;
    public double DefaultHighOutputLatency;
    public double DefaultSampleRate;
}
