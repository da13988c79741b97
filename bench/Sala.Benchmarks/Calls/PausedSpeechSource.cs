using Sala.Media;
using Sala.Media.Devices;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// A microphone that talks half the time: one second of the benchmark's speech, one second of a quiet room (white
/// noise at about -65 dBFS), over and over.
/// </summary>
internal sealed class PausedSpeechSource : IAudioSource
{
    private const int FramesPerSecond = 50;
    private static readonly short[] Speech = SpeechLikeSignal.Generate(TimeSpan.FromSeconds(3), seed: 7);
    private readonly Random _room = new(5);
    private int _frame;

    public string Name => "speech with 50 % pauses";

    public void Read(Span<short> frame)
    {
        var second = _frame / FramesPerSecond;
        if (second % 2 == 0)
        {
            var speechFrame = ((second / 2 * FramesPerSecond) + (_frame % FramesPerSecond)) % (Speech.Length / AudioFormat.SamplesPerFrame);
            Speech.AsSpan(speechFrame * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame).CopyTo(frame);
        }
        else
        {
            for (var i = 0; i < frame.Length; i++)
                frame[i] = (short)_room.Next(-30, 31);
        }

        _frame++;
    }

    public void Dispose()
    {
    }
}
