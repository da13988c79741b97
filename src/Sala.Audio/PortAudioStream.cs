using System.Globalization;
using System.Runtime.InteropServices;
using Sala.Audio.Native;
using Sala.Media;

namespace Sala.Audio;

/// <summary>
/// One open blocking-mode PortAudio stream, 16-bit, in one direction: the format chosen (mono at 48 kHz when the
/// device takes it, else its channels and default rate) and the calls the device threads make.
/// </summary>
/// <remarks>
/// Blocking mode rather than a callback: the device thread then owns all timing, no managed code runs on the host's
/// audio thread (where a garbage collection pause would glitch the host itself), and a device that fails returns an
/// error from the read or write that the thread turns into a failure state instead of a callback that just stops.
/// </remarks>
internal sealed unsafe class PortAudioStream : IDisposable
{
    private readonly PortAudioStreamHandle _handle;

    private PortAudioStream(PortAudioStreamHandle handle, AudioDeviceInfo device, DeviceDirection direction, int rate, int channels, int framesPerBuffer, TimeSpan latency)
    {
        _handle = handle;
        Device = device;
        Direction = direction;
        SampleRate = rate;
        Channels = channels;
        FramesPerBuffer = framesPerBuffer;
        Latency = latency;
    }

    public AudioDeviceInfo Device { get; }

    public DeviceDirection Direction { get; }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>Frames (samples per channel) moved per read or write: 10 ms at the device's rate.</summary>
    public int FramesPerBuffer { get; }

    /// <summary>The latency the host actually gave.</summary>
    public TimeSpan Latency { get; }

    public PortAudioStreamHandle Handle => _handle;

    /// <summary>Opens and starts the stream.</summary>
    /// <exception cref="AudioUnavailableException">PortAudio is not installed.</exception>
    /// <exception cref="PortAudioException">The device refused every format tried, or would not start.</exception>
    public static PortAudioStream Open(AudioDeviceInfo device, DeviceDirection direction, AudioDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        PortAudioRuntime.Acquire();
        var adopted = false;
        try
        {
            // ALSA prints its complaints about the PCMs it tries while opening (dsnoop slaves, unknown cards), as at
            // initialisation: see StandardErrorMute.
            lock (PortAudioRuntime.Gate)
            using (StandardErrorMute.Start())
            {
                var latency = Math.Max(options.SuggestedLatency.TotalSeconds, device.DefaultLowLatency(direction).TotalSeconds);
                var parameters = new PaStreamParameters
                {
                    Device = device.Index,
                    ChannelCount = 1,
                    SampleFormat = new CULong(PortAudioNative.Int16),
                    SuggestedLatency = latency,
                };
                var rate = ChooseFormat(&parameters, device, direction, options.DeviceSampleRate);
                var framesPerBuffer = rate / 100;
                var error = PortAudioNative.Pa_OpenStream(
                    out var handle,
                    direction == DeviceDirection.Input ? &parameters : null,
                    direction == DeviceDirection.Output ? &parameters : null,
                    rate,
                    new CULong((uint)framesPerBuffer),
                    new CULong(PortAudioNative.ClipOff),
                    0,
                    0);
                if (error != PortAudioNative.NoError)
                {
                    handle.Dispose();
                    throw new PortAudioException(
                        string.Create(CultureInfo.InvariantCulture,
                            $"cannot open {direction.Noun()} {device.Index} '{device.Name}' ({parameters.ChannelCount} channel(s), {rate} Hz): {PortAudioRuntime.ErrorText(error)}"),
                        error);
                }

                handle.AdoptRuntimeReference();
                adopted = true;
                try
                {
                    PortAudioRuntime.Check(PortAudioNative.Pa_StartStream(handle), $"cannot start {direction.Noun()} '{device.Name}'");
                }
                catch
                {
                    handle.Dispose();
                    throw;
                }

                var info = PortAudioNative.Pa_GetStreamInfo(handle);
                var actual = info is null ? latency : direction == DeviceDirection.Input ? info->InputLatency : info->OutputLatency;
                return new PortAudioStream(handle, device, direction, rate, parameters.ChannelCount, framesPerBuffer, TimeSpan.FromSeconds(actual));
            }
        }
        finally
        {
            if (!adopted)
                PortAudioRuntime.Release();
        }
    }

    /// <summary>Blocks until <paramref name="frames"/> frames are read; returns the PaError (paInputOverflowed: some were lost before).</summary>
    public int Read(Span<short> buffer, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, frames * Channels);
        fixed (short* samples = buffer)
            return PortAudioNative.Pa_ReadStream(_handle, samples, new CULong((uint)frames));
    }

    /// <summary>Blocks until <paramref name="frames"/> frames are queued; returns the PaError (paOutputUnderflowed: the device ran dry before).</summary>
    public int Write(ReadOnlySpan<short> buffer, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, frames * Channels);
        fixed (short* samples = buffer)
            return PortAudioNative.Pa_WriteStream(_handle, samples, new CULong((uint)frames));
    }

    /// <summary>Frames the device's buffer has room for (Pa_GetStreamWriteAvailable); 0 when the host cannot say.</summary>
    public long WriteAvailable()
    {
        var available = (long)PortAudioNative.Pa_GetStreamWriteAvailable(_handle).Value;
        return available < 0 ? 0 : available;
    }

    /// <summary>Stops after the queued output has played (Pa_StopStream); errors are ignored, the stream is ending.</summary>
    public void Stop()
    {
        lock (PortAudioRuntime.Gate)
            _ = PortAudioNative.Pa_StopStream(_handle);
    }

    /// <summary>Closes the stream (aborting it if running) once no thread is using the handle any more.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Mono at 48 kHz if the device takes it, else mono at its own rate, else stereo (some hw: and ASIO devices only
    /// open in stereo; Sala mixes) at either. When nothing is reported supported, mono at 48 kHz is tried anyway so
    /// that Pa_OpenStream's error is the one the user sees.
    /// </summary>
    private static int ChooseFormat(PaStreamParameters* parameters, AudioDeviceInfo device, DeviceDirection direction, int? forcedRate)
    {
        var deviceRate = (int)Math.Round(device.DefaultSampleRate);
        int[] rates = forcedRate is { } rate ? [rate] : [AudioFormat.SampleRate, deviceRate];
        int[] channelCounts = device.MaxChannels(direction) >= 2 ? [1, 2] : [1];
        foreach (var channels in channelCounts)
        {
            foreach (var candidate in rates)
            {
                parameters->ChannelCount = channels;
                if (IsSupported(parameters, direction, candidate))
                    return candidate;
            }
        }

        parameters->ChannelCount = 1;
        return rates[0];
    }

    private static bool IsSupported(PaStreamParameters* parameters, DeviceDirection direction, int rate) =>
        PortAudioNative.Pa_IsFormatSupported(
            direction == DeviceDirection.Input ? parameters : null,
            direction == DeviceDirection.Output ? parameters : null,
            rate) == PortAudioNative.NoError;
}
