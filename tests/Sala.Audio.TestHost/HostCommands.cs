using System.Globalization;
using Sala.Audio.Tests;
using Sala.Media;

namespace Sala.Audio.TestHost;

/// <summary>
/// The commands the audio tests run. Each prints what the test waits for on standard output, one fact a line:
/// <c>opened ...</c>, <c>ready</c>, <c>running</c>, <c>counters ...</c>; a device error goes to stderr with exit code 2.
/// </summary>
internal static class HostCommands
{
    private static readonly TimeSpan QueueWait = TimeSpan.FromSeconds(10);

    public static int Run(string[] args)
    {
        var arguments = new HostArguments(args.Skip(1));
        try
        {
            return args.FirstOrDefault() switch
            {
                "list" => List(),
                "capture" => Capture(arguments),
                "play" => Play(arguments),
                "run" => RunUntilFailure(arguments),
                _ => Usage(),
            };
        }
        catch (AudioDeviceException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: list | capture SPEC OUT.raw SECONDS [--paced] | play SPEC IN.raw [--paced] | run MIC SPEAKER");
        return 64;
    }

    private static int List()
    {
        foreach (var d in DeviceCatalog.Load().Devices)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"device {d.Index}|{d.Name}|{d.HostApi}|{d.MaxInputChannels}|{d.MaxOutputChannels}|{d.DefaultSampleRate}|{d.IsDefaultInput}|{d.IsDefaultOutput}"));
        }

        return 0;
    }

    /// <summary>
    /// Unpaced (the file plugin delivers as fast as it is read): each frame is read once a whole one is queued, so no
    /// silence is mixed in. Paced (a real-time device): a frame every 20 ms, as the call's loop does, until
    /// SECONDS or until standard input says <c>stop N</c>, after which N more frames are read.
    /// </summary>
    private static int Capture(HostArguments arguments)
    {
        var frames = int.Parse(arguments[2], CultureInfo.InvariantCulture) * 1000 / AudioFormat.FrameMilliseconds;
        using var source = AudioDeviceFactory.OpenSource(arguments[0], arguments.DeviceOptions());
        Opened(source.DeviceSampleRate, source.DeviceChannels, source.Latency);
        var captured = new List<short>();
        var frame = new short[AudioFormat.SamplesPerFrame];
        if (arguments.Flag("paced"))
        {
            var remaining = frames;
            var stopper = new Thread(() =>
            {
                while (Console.ReadLine() is { } line)
                {
                    if (line.StartsWith("stop ", StringComparison.Ordinal))
                        Volatile.Write(ref remaining, int.Parse(line[5..], CultureInfo.InvariantCulture));
                }
            }) { IsBackground = true };
            stopper.Start();
            using var pacer = new FramePacer();
            while (Volatile.Read(ref remaining) > 0)
            {
                for (var due = pacer.NextFrames(); due > 0 && Interlocked.Decrement(ref remaining) >= 0; due--)
                {
                    var (u, o) = (source.Underruns, source.Overruns);
                    var queued = source.QueuedSamples;
                    source.Read(frame);
                    captured.AddRange(frame);
                    if (u != source.Underruns || o != source.Overruns)
                        Console.Error.WriteLine($"frame {captured.Count / frame.Length}: queued {queued}, underruns {source.Underruns}, overruns {source.Overruns}");
                }
            }
        }
        else
        {
            for (var i = 0; i < frames; i++)
            {
                var deadline = DateTime.UtcNow + QueueWait;
                while (source.QueuedSamples < 2 * frame.Length && DateTime.UtcNow < deadline)
                    Thread.Yield();
                source.Read(frame);
                captured.AddRange(frame);
            }
        }

        RawAudio.Write(arguments[1], captured.ToArray());
        Counters(source);
        return 0;
    }

    /// <summary>
    /// Unpaced: writes every frame at once (the queue limit must hold them). Paced: a frame every 20 ms; with
    /// <c>--wait-for-go</c>, silence until standard input says <c>go</c>, so a test can first see the device flowing.
    /// </summary>
    private static int Play(HostArguments arguments)
    {
        var samples = RawAudio.Read(arguments[1]);
        var sink = AudioDeviceFactory.OpenSink(arguments[0], arguments.DeviceOptions());
        Opened(sink.DeviceSampleRate, sink.DeviceChannels, sink.Latency);
        using var pacer = arguments.Flag("paced") ? new FramePacer() : null;
        var frame = new short[AudioFormat.SamplesPerFrame];
        if (pacer is not null && arguments.Flag("wait-for-go"))
        {
            var go = 0;
            new Thread(() =>
            {
                while (Console.ReadLine() is { } line)
                {
                    if (line == "go")
                        Volatile.Write(ref go, 1);
                }
            }) { IsBackground = true }.Start();
            while (Volatile.Read(ref go) == 0)
            {
                for (var silent = pacer.NextFrames(); silent > 0; silent--)
                    sink.Write(frame);
            }
        }

        var due = 0;
        for (var start = 0; start < samples.Length; start += AudioFormat.SamplesPerFrame)
        {
            if (pacer is not null && due == 0)
                due = pacer.NextFrames();
            due--;
            Array.Clear(frame);
            samples.AsSpan(start, Math.Min(frame.Length, samples.Length - start)).CopyTo(frame);
            sink.Write(frame);
        }

        // Disposing plays out what is queued: the counters are final only after it.
        sink.Dispose();
        Counters(sink);
        return 0;
    }

    /// <summary>
    /// Copies the microphone to the speaker, paced, until both of them have failed (or the time is up, when the line
    /// shows "-" for a device that did not); then keeps going a few frames to show nothing throws.
    /// </summary>
    private static int RunUntilFailure(HostArguments arguments)
    {
        var options = arguments.DeviceOptions();
        using var source = AudioDeviceFactory.OpenSource(arguments[0], options);
        using var sink = AudioDeviceFactory.OpenSink(arguments[1], options);
        var frame = new short[AudioFormat.SamplesPerFrame];
        using var pacer = new FramePacer();
        var limit = (arguments.Number("max-seconds") ?? 20) * 1000 / AudioFormat.FrameMilliseconds;
        int? afterFailure = null;
        for (var i = 0; i < limit;)
        {
            for (var due = pacer.NextFrames(); due > 0; due--, i++)
            {
                source.Read(frame);
                sink.Write(frame);
                if (i == 10)
                    Say("running");
                if (afterFailure is null && source.Failure is not null && sink.Failure is not null)
                    afterFailure = i;
                if (i - afterFailure >= 10)
                {
                    Say($"failure mic={source.Failure ?? "-"} speaker={sink.Failure ?? "-"}");
                    return 0;
                }
            }
        }

        if ((source.Failure ?? sink.Failure) is null)
        {
            Say("no failure");
            return 1;
        }
        Say($"failure mic={source.Failure ?? "-"} speaker={sink.Failure ?? "-"}");
        return 0;
    }

    private static void Opened(int rate, int channels, TimeSpan latency)
    {
        Say(string.Create(CultureInfo.InvariantCulture, $"opened rate={rate} channels={channels} latency={latency.TotalMilliseconds:0}ms"));
        Say("ready");
    }

    private static void Counters(IAudioDeviceCounters counters) =>
        Say($"counters underruns={counters.Underruns} overruns={counters.Overruns} failure={counters.Failure ?? "-"}");

    private static void Say(string line)
    {
        Console.WriteLine(line);
        Console.Out.Flush();
    }
}
