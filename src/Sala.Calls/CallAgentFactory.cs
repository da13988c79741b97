using Microsoft.Extensions.Logging;
using Sala.Calls.Devices;
using Sala.Calls.Transport;

namespace Sala.Calls;

/// <summary>
/// The one way to build a calling user, in two steps because the client registers in between (the registry must
/// hear the port before anyone can call it): <see cref="OpenPort"/> binds the UDP port and puts the impairment
/// layer in front of it when one is asked for; <see cref="Start"/> makes the <see cref="CallAgent"/> on that port, or
/// on any other transport (an in-memory network, a port behind the connectivity layer), and starts it. The client,
/// the demo, the tests, the benchmarks and the soaks all build theirs here.
/// </summary>
public static class CallAgentFactory
{
    /// <summary>
    /// A UDP port on every address (<paramref name="port"/> 0 picks a free one), behind an
    /// <see cref="ImpairedTransport"/> on <paramref name="time"/> unless <paramref name="impairment"/> is none.
    /// </summary>
    public static IDatagramTransport OpenPort(int port, Impairment? impairment, TimeProvider time, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        IDatagramTransport transport = UdpDatagramTransport.Bind(port, log);
        return impairment is { IsNone: false } ? new ImpairedTransport(transport, impairment, time) : transport;
    }

    /// <summary>A call agent on <paramref name="transport"/>, already reading its datagrams. It owns the transport from here on.</summary>
    public static CallAgent Start(IDatagramTransport transport, CallAgentOptions options, IAudioDevices devices, TimeProvider time)
    {
        var agent = new CallAgent(transport, options, devices, time);
        agent.Start();
        return agent;
    }
}
