using Sala.Media;

namespace Sala.Calls.Tests;

/// <summary>
/// A loudspeaker and a microphone in one small room: whatever the speaker is handed comes back into the microphone
/// <see cref="DelayFrames"/> frames later, 10 dB down, and nothing else does (no near-end talker). A call whose
/// microphone is this sends its peer's voice straight back to it, unless the echo is cancelled.
/// </summary>
internal sealed class EchoRoom
{
    public const int DelayFrames = 3;
    private const double Gain = 0.316; // -10 dB

    private readonly Queue<short[]> _inFlight = new();
    private readonly Lock _gate = new();

    public IAudioSource OpenMicrophone() => new Microphone(this);

    public IAudioSink OpenSpeaker() => new Speaker(this);

    private sealed class Speaker(EchoRoom room) : IAudioSink
    {
        public string Name => "echo room speaker";

        public void Write(ReadOnlySpan<short> frame)
        {
            var echo = new short[frame.Length];
            for (var i = 0; i < frame.Length; i++)
                echo[i] = (short)(frame[i] * Gain);
            lock (room._gate)
                room._inFlight.Enqueue(echo);
        }

        public void Dispose()
        {
        }
    }

    private sealed class Microphone(EchoRoom room) : IAudioSource
    {
        public string Name => "echo room microphone";

        public void Read(Span<short> frame)
        {
            frame.Clear();
            lock (room._gate)
            {
                if (room._inFlight.Count > DelayFrames)
                    room._inFlight.Dequeue().CopyTo(frame);
            }
        }

        public void Dispose()
        {
        }
    }
}
