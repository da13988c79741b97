using System.Net;
using Sala.Calls;
using Sala.Calls.Devices;
using Sala.Calls.Transport;
using Sala.Registry;

namespace Sala.Cli.Demo;

/// <summary>One user of the demo: a registry connection, a UDP port and a call agent.</summary>
internal sealed class DemoUser : IAsyncDisposable
{
    private DemoUser(string name, RegistryClient registry, CallAgent agent)
    {
        Name = name;
        Registry = registry;
        Agent = agent;
    }

    public string Name { get; }

    public RegistryClient Registry { get; }

    public CallAgent Agent { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Agent.LocalEndPoint.Port);

    public static async Task<DemoUser> StartAsync(
        string name, RegistryAddress registry, Impairment impairment, string codec, TimeProvider time, IAudioDevices devices,
        CancellationToken cancellationToken)
    {
        var client = await RegistryClient.ConnectAsync(registry, time: time, cancellationToken: cancellationToken);
        var transport = CallAgentFactory.OpenPort(0, impairment, time);
        var endPoint = new IPEndPoint(IPAddress.Loopback, transport.LocalEndPoint.Port);
        if (await client.RegisterAsync(name, endPoint.Address, endPoint.Port, cancellationToken) != RegisterOutcome.Registered)
            throw new InvalidOperationException($"{name} could not register");
        var agent = CallAgentFactory.Start(transport, new CallAgentOptions(name, endPoint) { Codec = codec }, devices, time);
        return new DemoUser(name, client, agent);
    }

    public async Task<T> NextAsync<T>(CancellationToken cancellationToken)
        where T : CallEvent
    {
        while (true)
        {
            var next = await Agent.Events.ReadAsync(cancellationToken);
            if (next is T wanted)
                return wanted;
            if (next is CallProblemEvent problem)
                throw new InvalidOperationException($"{Name}: {problem.Message}");
            if (next is CallEndedEvent ended)
                throw new InvalidOperationException($"{Name}: the call ended early: {ended.Reason}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Registry.DisconnectAsync(Name);
        await Registry.DisposeAsync();
    }
}
