using System.Globalization;
using Sala.Media;

namespace Sala.Audio;

/// <summary>
/// A simulated sound card's speaker: plays into a recording in real time on a clock of its own,
/// ppm off the system's, from a queue, as a real device's thread does; when the queue runs dry it
/// plays silence (an underrun) and waits for two frames before it starts again, as <see cref="PortAudioSink"/> does
/// with its cushion. For drift tests with no sound card.
/// </summary>
public sealed class ClockedSpeaker : IAudioSink, IQueuedPlayback, IAudioDeviceCounters
{
    private const int StartSamples = 2 * AudioFormat.SamplesPerFrame;

    private readonly IAudioSink _recording;
    private readonly DeviceClock _clock;
    private readonly SampleRing _ring;
    private readonly ManualResetEvent _stop = new(false);
    private readonly Thread _thread;
    private long _underruns;

    public ClockedSpeaker(IAudioSink recording, double ppm)
    {
        ArgumentNullException.ThrowIfNull(recording);
        _recording = recording;
        _clock = new DeviceClock(ppm);
        _ring = new SampleRing(PortAudioSource.QueueSamples(new AudioDeviceOptions()), AudioFormat.SamplesPerFrame + 2);
        Name = string.Create(CultureInfo.InvariantCulture, $"{recording.Name} on a clock {ppm:+0;-0;0} ppm");
        _thread = new Thread(Play) { IsBackground = true, Name = "Sala clocked speaker", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public string Name { get; }

    public long QueuedSamples => _ring.Available;

    public long Underruns => Interlocked.Read(ref _underruns);

    public long Overruns => _ring.Overruns;

    public string? Failure => null;

    public void Write(ReadOnlySpan<short> frame) => _ring.Write(frame);

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
        _recording.Dispose();
    }

    private void Play()
    {
        var block = new short[DeviceClock.BlockSamples];
        var playing = false;
        while (_clock.WaitForBlock(_stop))
        {
            playing = playing || _ring.Available >= StartSamples;
            if (!playing)
                continue;
            if (!_ring.TryRead(block))
            {
                Array.Clear(block);
                Interlocked.Increment(ref _underruns);
                playing = false;
            }
            _recording.Write(block);
        }
    }
}
