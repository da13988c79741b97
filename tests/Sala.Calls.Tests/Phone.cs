using System.Net;
using Sala.Calls.Media;
using Sala.Calls.Security;
using Sala.Calls.Transport;
using Sala.Media;
using Sala.Protocol.Calls;
using Sala.Protocol.Identity;

namespace Sala.Calls.Tests;

/// <summary>A call agent on a loopback UDP port with test devices, and a way to wait for what it reports.</summary>
internal sealed class Phone : IAsyncDisposable
{
    private Phone(string name, CallAgent agent, TestDevices devices, IDatagramTransport transport)
    {
        Name = name;
        Agent = agent;
        Devices = devices;
        Transport = transport;
    }

    public string Name { get; }

    public CallAgent Agent { get; }

    public TestDevices Devices { get; }

    public IDatagramTransport Transport { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Agent.LocalEndPoint.Port);

    public static readonly CallTimings FastTimings = CallTimings.Default with
    {
        RingTimeout = TimeSpan.FromSeconds(2),
        PeerSilenceTimeout = TimeSpan.FromSeconds(1),
    };

    public static Phone Start(
        string name, Func<IAudioSource> microphone, Impairment? impairment = null, string codec = "opus", CallTimings? timings = null,
        EncryptionPolicy encryption = EncryptionPolicy.Required, Func<IDatagramTransport, IDatagramTransport>? wrap = null,
        Func<IAudioSink>? speaker = null, VoiceProcessingOptions? voice = null, IdentityKey? identity = null)
    {
        var transport = CallAgentFactory.OpenPort(0, impairment, TimeProvider.System);
        if (wrap is not null)
            transport = wrap(transport);
        var devices = new TestDevices(microphone, speaker);
        var options = new CallAgentOptions(name, new IPEndPoint(IPAddress.Loopback, transport.LocalEndPoint.Port))
        {
            Codec = codec,
            Timings = timings ?? FastTimings,
            Encryption = encryption,
            VoiceProcessing = voice ?? VoiceProcessingOptions.Off,
            Identity = identity,
        };
        return new Phone(name, CallAgentFactory.Start(transport, options, devices, TimeProvider.System), devices, transport);
    }

    public async Task<T> NextAsync<T>(TimeSpan? within = null)
        where T : CallEvent
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = await Agent.Events.ReadAsync(timeout.Token);
            if (next is T wanted)
                return wanted;
            if (next is CallProblemEvent problem)
                Assert.Fail($"{Name}: {problem.Message}");
        }
    }

    public ValueTask DisposeAsync() => Agent.DisposeAsync();
}
