using System.Globalization;
using Sala.Media;

namespace Sala.Audio;

/// <summary>
/// A simulated sound card's microphone: captures its content (a tone, a file) in real time on a clock
/// of its own, ppm off the system's, and queues it as a real device's thread does. For drift tests
/// with no sound card: it paces a call the way a real microphone does (<see cref="ICaptureClock"/>).
/// </summary>
public sealed class ClockedMicrophone : IAudioSource, ICaptureClock, IAudioDeviceCounters
{
    private readonly IAudioSource _content;
    private readonly DeviceClock _clock;
    private readonly SampleRing _ring;
    private readonly AutoResetEvent _captured = new(false);
    private readonly ManualResetEvent _stop = new(false);
    private readonly Thread _thread;
    private long _underruns;

    public ClockedMicrophone(IAudioSource content, double ppm)
    {
        ArgumentNullException.ThrowIfNull(content);
        _content = content;
        _clock = new DeviceClock(ppm);
        _ring = new SampleRing(PortAudioSource.QueueSamples(new AudioDeviceOptions()), AudioFormat.SamplesPerFrame);
        Name = string.Create(CultureInfo.InvariantCulture, $"{content.Name} on a clock {ppm:+0;-0;0} ppm");
        _thread = new Thread(Capture) { IsBackground = true, Name = "Sala clocked microphone", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public string Name { get; }

    public long Underruns => Interlocked.Read(ref _underruns);

    public long Overruns => _ring.Overruns;

    public string? Failure => null;

    public void Read(Span<short> frame)
    {
        if (_ring.TryRead(frame))
            return;
        frame.Clear();
        Interlocked.Increment(ref _underruns);
    }

    public bool WaitForFrame(int samples, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        while (_ring.Available < samples)
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0 || !_captured.WaitOne((int)left))
                return _ring.Available >= samples;
        }
        return true;
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
        _captured.Dispose();
        _content.Dispose();
    }

    private void Capture()
    {
        var block = new short[DeviceClock.BlockSamples];
        while (_clock.WaitForBlock(_stop))
        {
            _content.Read(block);
            _ring.Write(block);
            _captured.Set();
        }
    }
}
