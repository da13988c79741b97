using Sala.Media;
using Sala.Media.Devices;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// A microphone that talks half the time: one second of the benchmark's speech, one second of a quiet room (white
/// noise at about -65 dBFS), over and over.
/// </summary>
internal sealed class PausedSpeechSource : IAudioSource
{
    private static readonly short[] Speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 7);
    private readonly Random _room = new(5);
    private long _position;

    public string Name => "speech with 50 % pauses";

    /// <summary>Frames of any length (10 or 20 ms): each sample is speech or room by the second it falls in.</summary>
    public void Read(Span<short> frame)
    {
        for (var i = 0; i < frame.Length; i++, _position++)
        {
            var second = _position / AudioFormat.SampleRate;
            frame[i] = second % 2 == 0
                ? Speech[(int)((((second / 2) * AudioFormat.SampleRate) + (_position % AudioFormat.SampleRate)) % Speech.Length)]
                : (short)_room.Next(-30, 31);
        }
    }

    public void Dispose()
    {
    }
}
