using Microsoft.Extensions.Time.Testing;
using Sala.Calls.Media.Pacing;
using Sala.Media;

namespace Sala.Calls.Tests.Pacing;

/// <summary>The microphone's clock paces frames; a microphone that stops does not stop the call.</summary>
public sealed class CaptureClockTickerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly long _start;

    public CaptureClockTickerTests() => _start = _time.GetTimestamp();

    [Fact]
    public void Frames_run_when_the_microphone_delivers_them()
    {
        var microphone = new ScriptedMicrophone(_time, deliversEvery: TimeSpan.FromMilliseconds(20));
        using var ticker = new CaptureClockTicker(microphone, Now);

        Assert.Equal([20, 40, 60, 80], Frames(ticker, 4));
    }

    [Fact]
    public void A_silent_microphone_leaves_the_call_frames_every_20_ms_after_two_frames_of_waiting()
    {
        var microphone = new ScriptedMicrophone(_time, deliversEvery: null);
        using var ticker = new CaptureClockTicker(microphone, Now);

        Assert.Equal([60, 80, 100, 120], Frames(ticker, 4));
    }

    [Fact]
    public void On_10_ms_frames_a_microphone_delivering_40_ms_at_a_time_paces_every_frame_without_a_fallback()
    {
        var microphone = new ScriptedMicrophone(_time, TimeSpan.FromMilliseconds(40), framesPerBurst: 4, frameSamples: AudioFormat.SamplesPerFrame / 2);
        using var ticker = new CaptureClockTicker(microphone, Now, AudioFormat.SamplesPerFrame / 2);

        Assert.Equal([40, 40, 40, 40, 80, 80, 80, 80, 120], Frames(ticker, 9));
    }

    private TimeSpan Now() => _time.GetElapsedTime(_start);

    private static double[] Frames(CaptureClockTicker ticker, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => ticker.WaitForFrame(CancellationToken.None, out var at) ? at.TotalMilliseconds : -1)];

    /// <summary>
    /// Delivers frames of <paramref name="frameSamples"/> every so often on the fake clock (<paramref name="framesPerBurst"/>
    /// at once, as a sound server handing over 40 ms may), or never; waiting moves the clock. Asked only for its frames.
    /// </summary>
    private sealed class ScriptedMicrophone(
        FakeTimeProvider time, TimeSpan? deliversEvery, int framesPerBurst = 1, int frameSamples = AudioFormat.SamplesPerFrame) : ICaptureClock
    {
        private readonly DateTimeOffset _start = time.GetUtcNow();
        private long _read;

        public bool WaitForFrame(int samples, TimeSpan timeout)
        {
            Assert.Equal(frameSamples, samples);
            if (deliversEvery is not { } every)
            {
                time.Advance(timeout);
                return false;
            }
            var wait = _start + (every * ((_read / framesPerBurst) + 1)) - time.GetUtcNow();
            if (wait > timeout)
            {
                time.Advance(timeout);
                return false;
            }
            if (wait > TimeSpan.Zero)
                time.Advance(wait);
            _read++;
            return true;
        }
    }
}
