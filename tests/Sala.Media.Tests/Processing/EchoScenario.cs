using Sala.Media.Devices;
using Sala.Media.Processing;

namespace Sala.Media.Tests.Processing;

/// <summary>
/// Ten seconds of a call in a <see cref="SimulatedRoom"/>: the far end talks throughout, its voice comes back into the
/// microphone through the room, over a microphone's noise floor; the near end talks in <see cref="NearEndTalks"/> only.
/// </summary>
internal sealed class EchoScenario
{
    public const int Seconds = 10;
    public const int ConvergedFrom = 2 * AudioFormat.SampleRate;
    private const double NoiseFloorDbfs = -70;

    /// <summary>Where the near end talks (samples), well after the filter has converged.</summary>
    public static readonly (int Start, int End)[] NearEndTalks =
    [
        (4 * AudioFormat.SampleRate, 6 * AudioFormat.SampleRate),
        (15 * AudioFormat.SampleRate / 2, 9 * AudioFormat.SampleRate),
    ];

    public EchoScenario(int delayMs, int tailMs, bool doubleTalk, int seed = 1)
    {
        var length = Seconds * AudioFormat.SampleRate;
        Played = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(Seconds), seed: seed + 100);
        Echo = SimulatedRoom.Mix(length, SimulatedRoom.Convolve(Played, SimulatedRoom.ImpulseResponse(delayMs, tailMs, -10, seed)));
        var speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(Seconds), seed: seed + 200);
        NearEnd = new short[length];
        if (doubleTalk)
        {
            foreach (var (start, end) in NearEndTalks)
                speech.AsSpan(start, end - start).CopyTo(NearEnd.AsSpan(start));
        }

        var floor = StationaryNoise.White(length, seed + 300);
        var floorGain = -short.MinValue * Math.Pow(10, NoiseFloorDbfs / 20);
        Captured = SimulatedRoom.Mix(
            length, SimulatedRoom.ToDouble(Echo), SimulatedRoom.ToDouble(NearEnd), [.. floor.Select(x => x * floorGain)]);
    }

    public short[] Played { get; }

    public short[] Echo { get; }

    public short[] NearEnd { get; }

    public short[] Captured { get; }

    /// <summary>Runs the canceller over every frame, as a call's frame loop would, and returns what it sent on.</summary>
    public short[] Run(EchoCanceller canceller, int frameSamples = AudioFormat.SamplesPerFrame)
    {
        var output = new short[Captured.Length];
        for (var n = 0; n + frameSamples <= Captured.Length; n += frameSamples)
            canceller.Process(Played.AsSpan(n, frameSamples), Captured.AsSpan(n, frameSamples), output.AsSpan(n, frameSamples));

        return output;
    }
}
