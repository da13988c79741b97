using Sala.Media;
using Sala.Media.Devices;

namespace Sala.Benchmarks.Micro;

/// <summary>Three seconds of speech-like audio, the input every codec benchmark walks through frame by frame.</summary>
internal static class Speech
{
    public const int Frames = 150;

    public static readonly short[] Samples = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 7);

    public static ReadOnlySpan<short> Frame(int index) =>
        Samples.AsSpan(index % Frames * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame);
}
