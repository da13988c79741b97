using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sala.Calls;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Devices;
using Sala.Benchmarks.Micro;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// One side of <c>call-cost</c>, in its own process: <c>call-cost-peer callee</c> prints its port and answers;
/// <c>call-cost-peer caller PORT SECONDS</c> calls it and hangs up after SECONDS. Each then encodes and decodes as
/// many frames as the call carried, with nothing else running, and prints one result line.
/// </summary>
internal static class CallCostPeer
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var caller = args[0] == "caller";
        var devices = new FixedDevices(new LoopedSpeechSource(), new NullSink());
        var agent = LoopbackCall.Start(args[0], devices, new Sala.Calls.Transport.Impairment());
        if (caller)
        {
            agent.Call("callee", new IPEndPoint(IPAddress.Loopback, int.Parse(args[1], CultureInfo.InvariantCulture)));
        }
        else
        {
            output.WriteLine($"port {agent.LocalEndPoint.Port}");
            await LoopbackCall.NextAsync<IncomingCallEvent>(agent);
            agent.Accept();
        }
        await LoopbackCall.NextAsync<CallConnectedEvent>(agent);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        if (caller)
        {
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(args[2], CultureInfo.InvariantCulture)));
            agent.HangUp();
        }
        var ended = await LoopbackCall.NextAsync<CallEndedEvent>(agent, TimeSpan.FromMinutes(10));
        await agent.WhenMediaStoppedAsync();
        var callCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var seconds = wall.Elapsed.TotalSeconds;
        await agent.DisposeAsync();

        var media = ended.Media!;
        var codecCpu = CodecAlone((int)media.PacketsSent, (int)media.Playout.Played);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result {args[0]} {seconds:0.000} {callCpu.TotalSeconds:0.0000} {codecCpu.TotalSeconds:0.0000} {media.WireBytesSent / seconds:0} {media.WireBytesReceived / seconds:0} {media.PacketsSent} {media.Codec.Replace(' ', '_')}"));
        return 0;
    }

    /// <summary>The process CPU time of encoding and decoding the call's frames with the call's Opus, and nothing else.</summary>
    private static TimeSpan CodecAlone(int encoded, int decoded)
    {
        using var encoder = AudioCodecs.CreateEncoder(AudioCodecs.OpusName);
        using var decoder = AudioCodecs.CreateDecoder(AudioCodecs.OpusPayloadType);
        var payloads = new byte[Speech.Frames][];
        var buffer = new byte[1500];
        var frame = new short[AudioFormat.SamplesPerFrame];
        for (var f = 0; f < Speech.Frames; f++)
            payloads[f] = buffer[..encoder.Encode(Speech.Frame(f), buffer)];
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        for (var f = 0; f < encoded; f++)
            encoder.Encode(Speech.Frame(f), buffer);
        for (var f = 0; f < decoded; f++)
            decoder.Decode(payloads[f % Speech.Frames], frame);
        return Process.GetCurrentProcess().TotalProcessorTime - before;
    }
}
