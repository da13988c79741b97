using Sala.Media.Devices;
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
    // Issue 14's figures: ERLE at least 25 dB after 2 s of convergence while only the far end talks, and the near end's
    // voice still there (similarity at least 0.85 to it clean) while both talk. Each room is tried with three
    // recordings (seeds) of the room, the far end's and the near end's speech, so the figures hold beyond one of them.
    private const double TargetErleDecibels = 25;
    private const double TargetDoubleTalkSimilarity = 0.85;

    public static TheoryData<int, int, int> Rooms()
    {
        var rooms = new TheoryData<int, int, int>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            rooms.Add(20, 100, seed);
            rooms.Add(60, 200, seed);
            rooms.Add(120, 300, seed);
        }

        return rooms;
    }

    [Theory]
    [MemberData(nameof(Rooms))]
    public void SingleTalk_EchoIsReducedAfterTwoSecondsOfConvergence(int delayMs, int tailMs, int seed)
    {
        var room = new EchoScenario(delayMs, tailMs, doubleTalk: false, seed);
        using var canceller = new EchoCanceller();

        var erle = Erle(room, room.Run(canceller));

        output.WriteLine($"room {delayMs} ms + {tailMs} ms tail, seed {seed}: ERLE {erle:0.0} dB, the canceller's estimate {canceller.ErleDecibels:0.0} dB");
        Assert.True(erle >= TargetErleDecibels, $"ERLE {erle:0.0} dB");
        Assert.True(canceller.ErleDecibels >= TargetErleDecibels - 6, $"estimate {canceller.ErleDecibels:0.0} dB");
    }

    /// <summary>A call on 10 ms frames (<c>--frame 10ms</c>) hands the canceller half frames: it cancels as well.</summary>
    [Theory]
    [InlineData(20, 100)]
    [InlineData(120, 300)]
    public void SingleTalk_OnTenMillisecondFrames_CancelsAsOnTwenty(int delayMs, int tailMs)
    {
        var room = new EchoScenario(delayMs, tailMs, doubleTalk: false);
        using var onTwenty = new EchoCanceller();
        using var onTen = new EchoCanceller();

        var twentyErle = Erle(room, room.Run(onTwenty));
        var tenErle = Erle(room, room.Run(onTen, AudioFormat.SamplesPerFrame / 2));

        output.WriteLine($"room {delayMs} ms + {tailMs} ms tail: ERLE {twentyErle:0.0} dB on 20 ms frames, {tenErle:0.0} dB on 10 ms ({onTen.ErleDecibels:0.0} dB estimated)");
        Assert.True(tenErle >= TargetErleDecibels, $"ERLE {tenErle:0.0} dB");
        Assert.True(Math.Abs(onTen.ErleDecibels - onTwenty.ErleDecibels) < 3, $"estimates {onTwenty.ErleDecibels:0.0} and {onTen.ErleDecibels:0.0} dB");
    }

    [Theory]
    [InlineData(20, 100)]
    [InlineData(120, 300)]
    public void SingleTalk_TheResidualSuppressionTakesOffWhatTheFilterLeft(int delayMs, int tailMs)
    {
        var room = new EchoScenario(delayMs, tailMs, doubleTalk: false);
        using var filterOnly = new EchoCanceller(EchoCanceller.DefaultFilterMilliseconds, suppressResidualEcho: false);
        using var whole = new EchoCanceller();

        var filterErle = Erle(room, room.Run(filterOnly));
        var wholeErle = Erle(room, room.Run(whole));

        output.WriteLine($"room {delayMs} ms + {tailMs} ms tail: filter alone {filterErle:0.0} dB, with residual suppression {wholeErle:0.0} dB");
        Assert.False(filterOnly.SuppressesResidualEcho);
        Assert.True(wholeErle >= filterErle + 10, $"{filterErle:0.0} -> {wholeErle:0.0} dB");
    }

    [Theory]
    [MemberData(nameof(Rooms))]
    public void DoubleTalk_NearEndSpeechGoesThrough(int delayMs, int tailMs, int seed)
    {
        var room = new EchoScenario(delayMs, tailMs, doubleTalk: true, seed);
        using var canceller = new EchoCanceller();

        var cleaned = room.Run(canceller);

        foreach (var (start, end) in EchoScenario.NearEndTalks)
        {
            var near = room.NearEnd.AsSpan(start, end - start);
            var similarity = AudioAnalysis.SimilarityAt(
                near, cleaned.AsSpan(start + ResidualEchoSuppressor.DelaySamples, end - start), 0);
            var unprocessed = AudioAnalysis.SimilarityAt(near, room.Captured.AsSpan(start, end - start), 0);
            output.WriteLine(
                $"room {delayMs} ms + {tailMs} ms tail, seed {seed}, near end at {start / (double)AudioFormat.SampleRate} s: similarity {similarity:0.000} (microphone {unprocessed:0.000})");
            Assert.True(similarity >= TargetDoubleTalkSimilarity, $"similarity {similarity:0.000}");
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

    /// <summary>
    /// A headset: the microphone never hears the speaker, so there is no echo to take off, and the near end's voice
    /// must keep its level however loud the far end plays (a steady tone, what sala's PulseAudio call test plays, or speech).
    /// </summary>
    [Theory]
    [InlineData("tone")]
    [InlineData("speech")]
    public void WithoutEchoPath_TheNearEndKeepsItsLevelWhileTheFarEndPlays(string farEnd)
    {
        const int Length = EchoScenario.Seconds * AudioFormat.SampleRate;
        var played = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(EchoScenario.Seconds), seed: 101);
        if (farEnd == "tone")
            new ToneSource(660, 0.4).Read(played);
        var near = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(EchoScenario.Seconds), seed: 5);
        using var canceller = new EchoCanceller();
        var cleaned = new short[Length];
        for (var n = 0; n + AudioFormat.SamplesPerFrame <= Length; n += AudioFormat.SamplesPerFrame)
            canceller.Process(played.AsSpan(n, AudioFormat.SamplesPerFrame), near.AsSpan(n, AudioFormat.SamplesPerFrame), cleaned.AsSpan(n, AudioFormat.SamplesPerFrame));

        var from = EchoScenario.ConvergedFrom;
        var level = AudioAnalysis.Rms(cleaned.AsSpan(from + ResidualEchoSuppressor.DelaySamples))
            / AudioAnalysis.Rms(near.AsSpan(from, Length - from - ResidualEchoSuppressor.DelaySamples));
        output.WriteLine($"far end {farEnd}: the near end at {level:0.000} times its level, estimated ERLE {canceller.ErleDecibels:0.0} dB");
        // speexdsp's filter alone takes 0.2 to 0.4 dB off; before the suppression asked whether there was an echo
        // at all, it took 1.5 dB more (0.83 to 0.84 times the level).
        Assert.Equal(0, canceller.EchoPresence);
        Assert.InRange(level, 0.92, 1.05);
    }

    [Fact]
    public void Process_AllocatesNothingPerFrame()
    {
        var room = new EchoScenario(20, 100, doubleTalk: true);
        using var canceller = new EchoCanceller();
        var frame = new short[AudioFormat.SamplesPerFrame];

        // A first pass over the whole call, so that the runtime has compiled (and re-compiled, tiered) every path the
        // frames take, both talking and not: its compiler may allocate on the calling thread, the canceller may not.
        RunFrames();
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunFrames();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        void RunFrames()
        {
            for (var n = 0; n + frame.Length <= room.Captured.Length; n += frame.Length)
                canceller.Process(room.Played.AsSpan(n, frame.Length), room.Captured.AsSpan(n, frame.Length), frame);
        }
    }

    [Fact]
    public void Process_RejectsAFrameOfAnotherLength()
    {
        using var canceller = new EchoCanceller();
        var frame = new short[AudioFormat.SamplesPerFrame];

        Assert.Throws<ArgumentException>(() => canceller.Process(frame, new short[480], frame));
        Assert.Throws<ArgumentException>(() => canceller.Process(new short[500], new short[500], new short[500]));
        Assert.Throws<ArgumentException>(() => canceller.Process(new short[1920], new short[1920], new short[1920]));
    }

    [Fact]
    public void Process_AfterDispose_Throws()
    {
        var canceller = new EchoCanceller();
        canceller.Dispose();
        var frame = new short[AudioFormat.SamplesPerFrame];

        Assert.Throws<ObjectDisposedException>(() => canceller.Process(frame, frame, frame));
    }

    private static double Erle(EchoScenario room, short[] cleaned) => SimulatedRoom.Decibels(
        SimulatedRoom.Power(room.Captured, EchoScenario.ConvergedFrom, cleaned.Length)
        / SimulatedRoom.Power(cleaned, EchoScenario.ConvergedFrom, cleaned.Length));

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
