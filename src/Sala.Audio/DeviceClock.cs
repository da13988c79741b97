using System.Diagnostics;
using Sala.Media;

namespace Sala.Audio;

/// <summary>
/// The crystal of a simulated sound card: 48 000 × (1 + ppm·10⁻⁶) samples a real second, in 10 ms blocks, each
/// waited for on the system clock. Real cards are 20 to 100 ppm off; two of them drift apart by that much.
/// </summary>
internal sealed class DeviceClock(double ppm)
{
    public const int BlockSamples = AudioFormat.SampleRate / 100;

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly double _rate = AudioFormat.SampleRate * (1 + (ppm * 1e-6));
    private long _blocks;

    public double Ppm => ppm;

    /// <summary>Waits until the next block is due; false when <paramref name="stop"/> is set first.</summary>
    public bool WaitForBlock(WaitHandle stop)
    {
        var due = TimeSpan.FromSeconds(++_blocks * BlockSamples / _rate);
        var wait = due - Stopwatch.GetElapsedTime(_started);
        return wait <= TimeSpan.Zero ? !stop.WaitOne(0) : !stop.WaitOne(wait);
    }
}
