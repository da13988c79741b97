using System.Globalization;
using Sala.Audio.Native;
using Sala.Media;

namespace Sala.Audio;

/// <summary>
/// A real speaker. <see cref="Write"/> queues a frame without waiting; a thread of its own plays the queue to the
/// device, so the call's frame loop is never held up by the device.
/// </summary>
public sealed class PortAudioSink : IAudioSink, IAudioDeviceCounters, IQueuedPlayback
{
    // Draining the queue and the device's buffer at the end takes at most the queue limit plus the latency.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly PortAudioStream _stream;
    private readonly SampleRing _ring;
    private readonly AutoResetEvent _queued = new(false);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private volatile string? _failure;
    private long _underruns;
    private long _deviceRoom;
    private int _disposed;

    // The call's frames are 10 ms long (a call asking for 10 ms packets): the queue is played in 10 ms blocks with a
    // 10 ms cushion, so a frame does not wait for the next one before it reaches the device.
    private volatile bool _shortFrames;

    internal PortAudioSink(AudioDeviceInfo device, AudioDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _stream = PortAudioStream.Open(device, DeviceDirection.Output, options);
        _ring = new SampleRing(PortAudioSource.QueueSamples(options), AudioFormat.SamplesPerFrame);
        Name = $"{device.Name} ({device.HostApi})";
        _thread = new Thread(Play) { IsBackground = true, Name = "Sala speaker", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public string Name { get; }

    public AudioDeviceInfo Device => _stream.Device;

    /// <summary>The rate the device runs at; audio is resampled from 48 kHz when it differs.</summary>
    public int DeviceSampleRate => _stream.SampleRate;

    /// <summary>The channels the device was opened with (each plays the mono signal).</summary>
    public int DeviceChannels => _stream.Channels;

    /// <summary>The output latency the host reports.</summary>
    public TimeSpan Latency => _stream.Latency;

    public long Underruns => Interlocked.Read(ref _underruns);

    public long Overruns => _ring.Overruns;

    public string? Failure => _failure;

    /// <summary>
    /// Samples written and not yet played, less the device buffer's size: queued here plus queued in the device,
    /// whose buffer is measured as the room left in it after each write (a constant offset the drift control ignores).
    /// </summary>
    public long QueuedSamples => _ring.Available - Interlocked.Read(ref _deviceRoom);

    /// <summary>
    /// Queues a frame to play; never blocks. When the queue holds more than the limit, the oldest audio is dropped
    /// (an overrun). After a failure frames are dropped. Call from one thread at a time, never during Dispose.
    /// </summary>
    public void Write(ReadOnlySpan<short> frame)
    {
        if (_stopping || _failure is not null)
            return;
        _shortFrames = frame.Length < AudioFormat.SamplesPerFrame * 3 / 4;
        _ring.Write(frame);
        _queued.Set();
    }

    /// <summary>Plays what is still queued (up to the queue limit), then closes the device.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stopping = true;
        _queued.Set();
        if (_thread.Join(StopTimeout))
            _queued.Dispose();
        // If the thread is still inside a hung write, the handle it holds keeps the stream open until it returns.
        _stream.Dispose();
    }

    private void Play()
    {
        var channels = _stream.Channels;
        var frame = new short[AudioFormat.SamplesPerFrame];
        var converter = _stream.SampleRate == AudioFormat.SampleRate ? null : new RateConverter(AudioFormat.SampleRate, _stream.SampleRate, frame.Length);
        var converted = converter is null ? null : new short[converter.MaxOutput];
        var interleaved = channels == 1 ? null : new short[(converted?.Length ?? frame.Length) * channels];
        // One frame of silence ahead of the first frame (and after the device ran dry) lets a frame arrive up to a
        // frame late without the device running dry again: blocking-mode ALSA starts playing as soon as one period
        // is queued.
        var cushion = new short[_stream.SampleRate * AudioFormat.FrameMilliseconds / 1000 * channels];
        var primed = false;
        var holding = false;
        try
        {
            _stream.Handle.DangerousAddRef(ref holding);
            while (true)
            {
                int count;
                var block = _shortFrames ? frame.AsSpan(0, frame.Length / 2) : frame;
                if (_ring.TryRead(block))
                {
                    count = block.Length;
                }
                else if (_stopping)
                {
                    count = _ring.ReadAvailable(frame);
                    if (count == 0)
                        break;
                }
                else
                {
                    _queued.WaitOne(AudioFormat.FrameDuration);
                    continue;
                }

                var cushionLength = block.Length < frame.Length ? cushion.Length / 2 : cushion.Length;
                if (!primed && Output(cushion.AsSpan(0, cushionLength), cushionLength / channels) is WriteOutcome.Failed)
                    return;
                primed = true;
                ReadOnlySpan<short> mono = frame.AsSpan(0, count);
                if (converter is not null)
                    mono = converted.AsSpan(0, converter.Convert(mono, converted));
                if (interleaved is not null)
                    ChannelMixer.Upmix(mono, channels, interleaved);
                switch (Output(interleaved ?? mono, mono.Length))
                {
                    case WriteOutcome.Failed:
                        return;
                    case WriteOutcome.RanDry:
                        primed = false;
                        break;
                }
            }

            _stream.Stop();
        }
        catch (Exception e)
        {
            // A device thread must never take the process down: the failure is reported through Failure instead.
            Fail(e.Message);
        }
        finally
        {
            if (holding)
                _stream.Handle.DangerousRelease();
        }
    }

    private WriteOutcome Output(ReadOnlySpan<short> samples, int frames)
    {
        var error = _stream.Write(samples, frames);
        Interlocked.Exchange(ref _deviceRoom, _stream.WriteAvailable() * AudioFormat.SampleRate / _stream.SampleRate);
        if (error == PortAudioNative.NoError)
            return WriteOutcome.Played;
        if (error == PortAudioNative.OutputUnderflowed)
        {
            Interlocked.Increment(ref _underruns);
            return WriteOutcome.RanDry;
        }

        Fail(PortAudioRuntime.ErrorText(error));
        return WriteOutcome.Failed;
    }

    private void Fail(string reason) =>
        _failure = string.Create(CultureInfo.InvariantCulture, $"speaker '{Device.Name}' failed: {reason} (was it unplugged, or did its sound server stop?)");
}
