using System.Net;
using Sala.Calls;
using Sala.Calls.Devices;
using Sala.Calls.Media;
using Sala.Calls.Transport;
using Sala.Media.Codecs;

namespace Sala.Benchmarks.Calls;

/// <summary>Two call agents on loopback UDP ports in this process, as the tests' phones are: one call, then the figures.</summary>
internal static class LoopbackCall
{
    /// <summary>
    /// Runs a call of <paramref name="length"/>; <paramref name="callerImpairment"/> impairs what the caller sends.
    /// Both sides ask for <paramref name="packetTime"/> ms packets (ptime=), else for what <c>SALA_BENCH_FRAME</c> says.
    /// </summary>
    public static async Task<(MediaStatistics Caller, MediaStatistics Callee)> RunAsync(
        IAudioDevices callerDevices, IAudioDevices calleeDevices, Impairment callerImpairment, TimeSpan length,
        bool dtx = CallAgentOptions.DefaultDtx, int? packetTime = null)
    {
        await using var caller = Start("caller", callerDevices, callerImpairment, dtx: dtx, packetTime: packetTime);
        await using var callee = Start("callee", calleeDevices, new Impairment(), dtx: dtx, packetTime: packetTime);
        caller.Call("callee", new IPEndPoint(IPAddress.Loopback, callee.LocalEndPoint.Port));
        await NextAsync<IncomingCallEvent>(callee);
        callee.Accept();
        await NextAsync<CallConnectedEvent>(caller);
        await NextAsync<CallConnectedEvent>(callee);
        await Task.Delay(length);
        caller.HangUp();
        var callerEnd = await NextAsync<CallEndedEvent>(caller);
        var calleeEnd = await NextAsync<CallEndedEvent>(callee);
        await caller.WhenMediaStoppedAsync();
        await callee.WhenMediaStoppedAsync();
        return (callerEnd.Media!, calleeEnd.Media!);
    }

    public static CallAgent Start(
        string name, IAudioDevices devices, Impairment impairment, int port = 0, bool dtx = CallAgentOptions.DefaultDtx, int? packetTime = null)
    {
        var transport = CallAgentFactory.OpenPort(port, impairment, TimeProvider.System);
        var options = new CallAgentOptions(name, new IPEndPoint(IPAddress.Loopback, transport.LocalEndPoint.Port))
        {
            Codec = Environment.GetEnvironmentVariable("SALA_BENCH_CODEC") ?? AudioCodecs.OpusName,
            Dtx = dtx,
            // The packet time each side asks of the other (ptime=, as `sala client --frame`): 10, 20, 40 or 60 ms.
            PacketTime = packetTime ?? (int.TryParse(Environment.GetEnvironmentVariable("SALA_BENCH_FRAME"), out var frame) ? frame : null),
        };
        return CallAgentFactory.Start(transport, options, devices, TimeProvider.System);
    }

    public static async Task<T> NextAsync<T>(CallAgent agent, TimeSpan? within = null)
        where T : CallEvent
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var next = await agent.Events.ReadAsync(timeout.Token);
            if (next is T wanted)
                return wanted;
            if (next is CallProblemEvent problem)
                throw new InvalidOperationException(problem.Message);
            if (next is CallEndedEvent ended)
                throw new InvalidOperationException($"the call ended early: {ended.Reason}");
        }
    }
}
