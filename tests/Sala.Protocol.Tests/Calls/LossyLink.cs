using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sala.Protocol.Calls;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Calls;

/// <summary>
/// Two machines on one fake clock joined by an in-memory network that loses and delays datagrams from a seeded
/// <see cref="Random"/>. Signals travel as bytes through the real parser; media is a packet every 20 ms while a side
/// is in a call. The simulation jumps from one event or deadline to the next, so it never sleeps.
/// </summary>
internal sealed class LossyLink
{
    private static readonly TimeSpan MediaInterval = TimeSpan.FromMilliseconds(20);

    private readonly Random _random;
    private readonly double _loss;
    private readonly PriorityQueue<Action, (DateTimeOffset, long)> _events = new();
    private readonly DateTimeOffset _start;
    private long _order;

    public LossyLink(int seed, double loss)
    {
        _random = new Random(seed);
        _loss = loss;
        _start = Time.GetUtcNow();
        A = new Party(this, "alice", CallTestKit.Alice, "a");
        B = new Party(this, "bob", CallTestKit.Bob, "b");
        A.Other = B;
        B.Other = A;
    }

    public FakeTimeProvider Time { get; } = new();

    /// <summary>Every signal sent, with its time and fate, to explain a failure.</summary>
    public List<string> Log { get; } = [];

    public Party A { get; }

    public Party B { get; }

    public int SignalsSent { get; private set; }

    public int SignalsDropped { get; private set; }

    public void At(TimeSpan delay, Action action) => _events.Enqueue(action, (Time.GetUtcNow() + delay, _order++));

    /// <summary>Runs events and deadlines in time order until <paramref name="seconds"/> have passed.</summary>
    public void Run(double seconds)
    {
        var end = Time.GetUtcNow() + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            DateTimeOffset? nextEvent = _events.TryPeek(out _, out var key) ? key.Item1 : null;
            var next = Earliest(nextEvent, A.Machine.NextDeadline, B.Machine.NextDeadline);
            if (next is not { } at || at > end)
                break;
            if (at > Time.GetUtcNow())
                Time.SetUtcNow(at);
            if (_events.TryPeek(out _, out key) && key.Item1 <= at)
                _events.Dequeue()();
            A.TickIfDue();
            B.TickIfDue();
        }
        Time.SetUtcNow(end);
    }

    private static DateTimeOffset? Earliest(params DateTimeOffset?[] times) => times.Where(t => t is not null).Min();

    private void Send(Party from, Party to, byte[] datagram, bool isMedia)
    {
        var lost = _random.NextDouble() < _loss;
        if (!isMedia)
        {
            SignalsSent++;
            SignalsDropped += lost ? 1 : 0;
            var at = (Time.GetUtcNow() - _start).TotalSeconds;
            var text = Encoding.UTF8.GetString(datagram);
            Log.Add($"{at:0.000} {from.Endpoint.Port}->{to.Endpoint.Port} {text}{(lost ? " (lost)" : "")}");
        }
        if (lost)
            return;
        // 10 to 60 ms one way: enough spread to reorder datagrams sent close together.
        At(TimeSpan.FromMilliseconds(_random.Next(10, 60)), () => to.Deliver(datagram, from.Endpoint, isMedia));
    }

    internal sealed class Party(LossyLink link, string name, IPEndPoint endpoint, string idPrefix)
    {
        public CallStateMachine Machine { get; } = new(
            link.Time, name, endpoint, CallTimings.Default, Ids(idPrefix), CallCodec.Opus);

        public IPEndPoint Endpoint { get; } = endpoint;

        public Party Other { get; set; } = null!;

        public List<CallEffect> Events { get; } = [];

        /// <summary>What the user does when a call rings; by default nothing.</summary>
        public Action<IncomingCall>? OnIncoming { get; set; }

        /// <summary>What the user does once connected; by default nothing.</summary>
        public Action<CallConnected>? OnConnected { get; set; }

        public int MediaReceived { get; private set; }

        public void Apply(IReadOnlyList<CallEffect> effects)
        {
            foreach (var effect in effects)
            {
                switch (effect)
                {
                    case SendSignal send:
                        Assert.Equal(Other.Endpoint, send.To);
                        link.Send(this, Other, send.Message.ToBytes(), isMedia: false);
                        break;
                    case IncomingCall incoming:
                        Events.Add(effect);
                        OnIncoming?.Invoke(incoming);
                        break;
                    case CallConnected connected:
                        Events.Add(effect);
                        SendMedia(connected.Call.CallId);
                        OnConnected?.Invoke(connected);
                        break;
                    default:
                        Events.Add(effect);
                        break;
                }
            }
        }

        public void TickIfDue()
        {
            if (Machine.NextDeadline is { } due && due <= link.Time.GetUtcNow())
                Apply(Machine.Tick());
        }

        public void Deliver(byte[] datagram, IPEndPoint from, bool isMedia)
        {
            if (isMedia)
            {
                if (Machine.PeerActivity(from, out var effects))
                    MediaReceived++;
                Apply(effects);
                return;
            }
            Assert.True(SignalingMessage.TryParse(datagram, out var message, out var error), error);
            Apply(Machine.Receive(message, from));
        }

        private static Func<string> Ids(string prefix)
        {
            var next = 0;
            return () => prefix + ++next;
        }

        /// <summary>A media packet now and every 20 ms while this call lasts.</summary>
        private void SendMedia(string callId)
        {
            if (Machine.State != CallState.InCall || Machine.Current?.CallId != callId)
                return;
            link.Send(this, Other, [0x80, 111], isMedia: true);
            link.At(MediaInterval, () => SendMedia(callId));
        }
    }
}
