using System.Globalization;
using Sala.Audio.Native;
using Sala.Media;

namespace Sala.Audio;

/// <summary>
/// A real microphone. A thread of its own reads the device in 10 ms blocks into a small queue; <see cref="Read"/>
/// takes a frame from that queue without waiting, so the call's frame loop is never held up by the device, and
/// <see cref="WaitForFrame"/> lets that loop run on the device's clock.
/// </summary>
public sealed class PortAudioSource : IAudioSource, IAudioDeviceCounters, ICaptureClock
{
    // A blocked read returns within one 10 ms block, or after PortAudio's own ~2 s time-out for a device that hangs.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    private readonly PortAudioStream _stream;
    private readonly SampleRing _ring;
    private readonly Thread _thread;
    private readonly AutoResetEvent _captured = new(false);
    private volatile bool _stopping;
    private bool _primed;
    private bool _paced;
    private volatile string? _failure;
    private long _underruns;
    private long _deviceOverruns;
    private int _disposed;

    internal PortAudioSource(AudioDeviceInfo device, AudioDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _stream = PortAudioStream.Open(device, DeviceDirection.Input, options);
        _ring = new SampleRing(QueueSamples(options), AudioFormat.SamplesPerFrame);
        Name = $"{device.Name} ({device.HostApi})";
        _thread = new Thread(Capture) { IsBackground = true, Name = "Sala microphone", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public string Name { get; }

    public AudioDeviceInfo Device => _stream.Device;

    /// <summary>The rate the device runs at; audio is resampled to 48 kHz when it differs.</summary>
    public int DeviceSampleRate => _stream.SampleRate;

    /// <summary>The channels the device was opened with (mixed down to mono).</summary>
    public int DeviceChannels => _stream.Channels;

    /// <summary>The input latency the host reports.</summary>
    public TimeSpan Latency => _stream.Latency;

    public long Underruns => Interlocked.Read(ref _underruns);

    public long Overruns => _ring.Overruns + Interlocked.Read(ref _deviceOverruns);

    public string? Failure => _failure;

    /// <summary>Samples captured and not yet read (for tests that must not read silence from an unpaced device).</summary>
    internal long QueuedSamples => _ring.Available;

    /// <summary>
    /// Hands out the oldest captured frame; silence (and an underrun) when less than a frame has been captured. Never
    /// blocks. Call from one thread at a time.
    /// </summary>
    public void Read(Span<short> frame)
    {
        // Read on a timer, the first frame waits for half a frame more than it needs: a device delivering in 10 ms
        // blocks to a loop reading every 20 ms then has that much slack, where otherwise its first late block would
        // cost an underrun (which adds a frame of slack the hard way). Paced by this device, no slack is needed.
        if (!_paced && !_primed && _ring.Available < frame.Length * 3 / 2)
        {
            frame.Clear();
            return;
        }

        _primed = true;
        if (_ring.TryRead(frame))
            return;
        frame.Clear();
        // After a failure silence is expected, not a glitch.
        if (_failure is null)
            Interlocked.Increment(ref _underruns);
    }

    /// <summary>
    /// Waits until a whole frame (<paramref name="samples"/>) has been captured and not read, up to <paramref name="timeout"/>; false after the
    /// device failed. From the first call on, reads are taken to be paced by it (no priming). Call from the reading thread.
    /// </summary>
    public bool WaitForFrame(int samples, TimeSpan timeout)
    {
        _paced = true;
        var deadline = Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        while (_ring.Available < samples)
        {
            var left = deadline - Environment.TickCount64;
            if (_failure is not null || left <= 0 || !_captured.WaitOne((int)left))
                return _ring.Available >= samples;
        }
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stopping = true;
        if (_thread.Join(StopTimeout))
            _captured.Dispose();
        // If the thread is still inside a hung read, the handle it holds keeps the stream open until it returns.
        _stream.Dispose();
    }

    internal static int QueueSamples(AudioDeviceOptions options) =>
        Math.Max(2 * AudioFormat.SamplesPerFrame, (int)(options.QueueLimit.TotalSeconds * AudioFormat.SampleRate));

    private void Capture()
    {
        var frames = _stream.FramesPerBuffer;
        var channels = _stream.Channels;
        var raw = new short[frames * channels];
        var mono = channels == 1 ? raw : new short[frames];
        var converter = _stream.SampleRate == AudioFormat.SampleRate ? null : new RateConverter(_stream.SampleRate, AudioFormat.SampleRate, frames);
        var converted = new short[converter?.MaxOutput ?? 0];
        var holding = false;
        try
        {
            _stream.Handle.DangerousAddRef(ref holding);
            while (!_stopping)
            {
                var error = _stream.Read(raw, frames);
                if (error == PortAudioNative.InputOverflowed)
                {
                    Interlocked.Increment(ref _deviceOverruns);
                }
                else if (error != PortAudioNative.NoError)
                {
                    Fail(PortAudioRuntime.ErrorText(error));
                    return;
                }

                if (channels > 1)
                    ChannelMixer.Downmix(raw, channels, mono);
                if (converter is null)
                    _ring.Write(mono);
                else
                    _ring.Write(converted.AsSpan(0, converter.Convert(mono, converted)));
                _captured.Set();
            }
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

    private void Fail(string reason)
    {
        _failure = string.Create(CultureInfo.InvariantCulture, $"microphone '{Device.Name}' failed: {reason} (was it unplugged, or did its sound server stop?)");
        _captured.Set();
    }
}
