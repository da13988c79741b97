using System.Net;
using Microsoft.Extensions.Time.Testing;
using Sala.Calls.Media.Pacing;
using Sala.Calls.Security;
using Sala.Media;
using Sala.Protocol.Identity;
using Sala.Protocol.Calls;

namespace Sala.Calls.Tests.Stepped;

/// <summary>
/// Two call agents on one fake clock and an in-memory network, their audio stepped by hand: every 20 ms of fake time
/// (10 ms when a call may run on 10 ms frames) the timers due fire, each side whose frame is due processes one, and
/// the network delivers. No real time passes and nothing
/// races, so a call's figures come out the same on every run.
/// </summary>
internal sealed class SteppedPhones(bool shortFrames = false) : IAsyncDisposable
{
    private readonly List<(CallAgent Agent, ManualFrameClock Clock)> _phones = [];
    private readonly int _stepsPerFrame = shortFrames ? AudioFormat.FrameMilliseconds / AudioFormat.ShortFrameMilliseconds : 1;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    public InMemoryNetwork Network { get; } = new();

    /// <summary>Where the phone added on <paramref name="port"/> receives (a documentation address, RFC 5737).</summary>
    public static IPEndPoint EndPointOf(int port) => new(IPAddress.Parse("192.0.2.1"), port);

    public (CallAgent Agent, TestDevices Devices) Add(
        string name, int port, Func<IAudioSource> microphone, EncryptionPolicy encryption = EncryptionPolicy.Required, CallTimings? timings = null,
        int? packetTime = null, bool postQuantum = CallAgentOptions.DefaultPostQuantum, IdentityKey? identity = null)
    {
        var endPoint = EndPointOf(port);
        var clock = new ManualFrameClock();
        var devices = new TestDevices(microphone);
        var agent = CallAgentFactory.Start(Network.Open(endPoint), new CallAgentOptions(name, endPoint)
        {
            Encryption = encryption,
            Timings = timings ?? CallTimings.Default,
            FrameClock = clock,
            PacketTime = packetTime,
            PostQuantum = postQuantum,
            Identity = identity,
        }, devices, Time);
        _phones.Add((agent, clock));
        return (agent, devices);
    }

    /// <summary>Runs <paramref name="frames"/> frames of 20 ms.</summary>
    public void Step(int frames = 1)
    {
        for (var i = 0; i < frames * _stepsPerFrame; i++)
        {
            Time.Advance(AudioFormat.FrameDuration / _stepsPerFrame);
            Network.Deliver();
            foreach (var (_, clock) in _phones)
                clock.Step();
            Network.Deliver();
        }
    }

    /// <summary>Steps until <paramref name="agent"/> reports a <typeparamref name="T"/>, at most <paramref name="frames"/> frames.</summary>
    public T StepUntil<T>(CallAgent agent, int frames = 500)
        where T : CallEvent
    {
        for (var i = 0; i < frames; i++)
        {
            while (agent.Events.TryRead(out var e))
            {
                if (e is T wanted)
                    return wanted;
                if (e is CallProblemEvent problem)
                    Assert.Fail(problem.Message);
            }
            Step();
        }
        throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} within {frames} frames");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (agent, _) in _phones)
        {
            // Closing waits up to 2 s of the fake clock for the last ENCERRAR's answer: keep the clock and the network
            // moving, yielding so that the close's continuations run between steps.
            var closing = agent.DisposeAsync().AsTask();
            while (!closing.IsCompleted)
            {
                Step();
                await Task.Yield();
            }
            await closing;
        }
    }
}
