using System.Diagnostics;
using Sala.Media;

namespace Sala.Bench.Soak;

/// <summary>
/// A speaker that keeps no audio, only what a soak needs: frames played against the time they took (drift), and
/// silent frames once the tone has started (gaps; concealment fills a lost frame with sound, a gap is silence).
/// </summary>
internal sealed class GapCheckingSink : IAudioSink
{
    /// <summary>Far below the tone (amplitude 0.3 of full scale): only true silence counts as a gap.</summary>
    private const double SilentRms = 50;

    private readonly Lock _gate = new();
    private long _firstSound;
    private long _lastWrite;
    private long _framesSinceSound;
    private long _silentFrames;
    private long _silentRun;
    private long _longestSilentRun;

    public string Name => "gap checker";

    public void Write(ReadOnlySpan<short> frame)
    {
        double sum = 0;
        foreach (var sample in frame)
            sum += sample * (double)sample;
        var silent = Math.Sqrt(sum / frame.Length) < SilentRms;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            _lastWrite = now;
            if (_firstSound == 0)
            {
                if (silent)
                    return;
                _firstSound = now;
            }
            _framesSinceSound++;
            if (silent)
            {
                _silentFrames++;
                _silentRun++;
                _longestSilentRun = Math.Max(_longestSilentRun, _silentRun);
            }
            else
            {
                _silentRun = 0;
            }
        }
    }

    /// <summary>Frames since the tone began, silent ones among them, the longest silent run, and played minus elapsed time.</summary>
    public (long Frames, long Silent, long LongestSilentRun, TimeSpan Drift) Figures()
    {
        lock (_gate)
        {
            if (_firstSound == 0)
                return (0, 0, 0, TimeSpan.Zero);
            // Frames played cover (frames - 1) * 20 ms between the first and the last write, when nothing drifts.
            var played = TimeSpan.FromMilliseconds((_framesSinceSound - 1) * AudioFormat.FrameDuration.TotalMilliseconds);
            return (_framesSinceSound, _silentFrames, _longestSilentRun, played - Stopwatch.GetElapsedTime(_firstSound, _lastWrite));
        }
    }

    public void Dispose()
    {
    }
}
