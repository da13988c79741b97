using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using Sala.Calls;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Benchmarks.Micro;
using Sala.Cli.Parsing;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// One side of <c>call-cost</c>, in its own process: <c>call-cost-peer callee --seconds S</c> prints its port and
/// answers; <c>call-cost-peer caller --port P --seconds S</c> calls it and hangs up after S seconds. Each prints its CPU
/// by thread, then encodes and decodes as many frames as the call carried, with nothing else running, and prints one
/// result line.
/// </summary>
internal static class CallCostPeer
{
    public static Command Command()
    {
        var role = new Argument<string>("role") { Description = "caller or callee" }.AcceptOnlyFromAmong("caller", "callee");
        var port = new Option<int>("--port") { Description = "The callee's port (the caller's)" }.ParsedBy(Numbers.Port());
        var seconds = new Option<int>("--seconds") { Description = "How long the call lasts", Required = true }
            .ParsedBy(Numbers.From(1));
        var command = new Command(CallCostBench.PeerCommand, "One side of call-cost, started by it.") { role, port, seconds };
        command.Hidden = true;
        command.SetAction(result => RunAsync(result.GetValue(role)!, result.GetValue(port), TimeSpan.FromSeconds(result.GetValue(seconds)), Console.Out));
        return command;
    }

    private static async Task<int> RunAsync(string role, int port, TimeSpan length, TextWriter output)
    {
        var caller = role == "caller";
        var devices = new FixedDevices(new LoopedSpeechSource(), new NullSink());
        var agent = LoopbackCall.Start(role, devices, new Sala.Calls.Transport.Impairment());
        if (caller)
        {
            agent.Call("callee", new IPEndPoint(IPAddress.Loopback, port));
        }
        else
        {
            output.WriteLine($"port {agent.LocalEndPoint.Port}");
            await LoopbackCall.NextAsync<IncomingCallEvent>(agent);
            agent.Accept();
        }
        await LoopbackCall.NextAsync<CallConnectedEvent>(agent);
        var cpuBefore = ProcessCpu();
        var threadsBefore = ThreadCpuTimes.Read();
        var compilingBefore = JitInfo.GetCompilationTime();
        var wall = Stopwatch.StartNew();
        // The first third of the call is where the runtime still compiles the hot paths again, optimized; the rest
        // is what a long call costs. The threads are read before the end, while the media threads still run.
        var steadyFrom = Task.Delay(length / 3).ContinueWith(_ => (ProcessCpu(), wall.Elapsed), TaskScheduler.Default);
        var threadsNearEnd = Task.Delay(length - TimeSpan.FromSeconds(0.5)).ContinueWith(_ => ThreadCpuTimes.Read(), TaskScheduler.Default);
        if (caller)
        {
            await Task.Delay(length);
            agent.HangUp();
        }
        var ended = await LoopbackCall.NextAsync<CallEndedEvent>(agent, TimeSpan.FromMinutes(10));
        await agent.WhenMediaStoppedAsync();
        var callCpu = ProcessCpu() - cpuBefore;
        var seconds = wall.Elapsed.TotalSeconds;
        var compiling = JitInfo.GetCompilationTime() - compilingBefore;
        var (cpuAtSteady, steadyStart) = await steadyFrom;
        var steadyCpu = cpuBefore + callCpu - cpuAtSteady;
        var byThread = (await threadsNearEnd).Since(threadsBefore);
        await agent.DisposeAsync();

        var media = ended.Media!;
        var codecCpu = CodecAlone((int)media.PacketsSent, (int)media.Playout.Played, paced: false);
        var pacedCodecCpu = CodecAlone((int)media.PacketsSent, (int)media.Playout.Played, paced: true);
        foreach (var (name, threadSeconds) in byThread)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"thread {role} {threadSeconds * 1000:0} {name}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compiling {role} {compiling.TotalMilliseconds:0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result {role} {seconds:0.000} {callCpu.TotalSeconds:0.0000} {codecCpu.TotalSeconds:0.0000} {pacedCodecCpu.TotalSeconds:0.0000} {media.WireBytesSent / seconds:0} {media.WireBytesReceived / seconds:0} {media.PacketsSent} {media.Codec.Replace(' ', '_')} {steadyCpu.TotalSeconds:0.0000} {(seconds - steadyStart.TotalSeconds) / seconds:0.0000}"));
        return 0;
    }

    private static TimeSpan ProcessCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>
    /// The process CPU time of encoding and decoding the call's frames with the call's Opus, and nothing else: back to
    /// back (<paramref name="paced"/> false), or as a real-time program must, one frame of each every 20 ms with the
    /// thread asleep in between (true), which takes as long as the call did.
    /// </summary>
    private static TimeSpan CodecAlone(int encoded, int decoded, bool paced)
    {
        using var encoder = AudioCodecs.CreateEncoder(AudioCodecs.OpusName);
        using var decoder = AudioCodecs.CreateDecoder(AudioCodecs.OpusPayloadType);
        using var asleep = new ManualResetEventSlim();
        var payloads = new byte[Speech.Frames][];
        var buffer = new byte[1500];
        var frame = new short[AudioFormat.SamplesPerFrame];
        for (var f = 0; f < Speech.Frames; f++)
            payloads[f] = buffer[..encoder.Encode(Speech.Frame(f), buffer)];
        var before = ProcessCpu();
        var clock = Stopwatch.StartNew();
        for (var f = 0; f < Math.Max(encoded, decoded); f++)
        {
            if (f < encoded)
                encoder.Encode(Speech.Frame(f), buffer);
            if (f < decoded)
                decoder.Decode(payloads[f % Speech.Frames], frame);
            var untilNext = (AudioFormat.FrameDuration * (f + 1)) - clock.Elapsed;
            if (paced && untilNext > TimeSpan.Zero)
                asleep.Wait(untilNext);
        }
        return ProcessCpu() - before;
    }
}
