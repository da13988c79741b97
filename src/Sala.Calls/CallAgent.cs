using System.Net;
using System.Threading.Channels;
using Sala.Calls.Devices;
using Sala.Calls.Guard;
using Sala.Calls.Media;
using Sala.Calls.Security;
using Sala.Calls.Transport;
using Sala.Media.Codecs;
using Sala.Protocol.Calls;
using Sala.Protocol.Identity;
using Sala.Protocol.Rtp;
using Sala.Protocol.Signaling;

namespace Sala.Calls;

/// <summary>
/// A user's phone: the call state machine, driven by datagrams from the transport, a timer and the user's
/// commands, all serialised by one lock; and the media of the call in progress, started and stopped as the machine
/// says. Everything the user should see comes out of <see cref="Events"/>.
/// </summary>
public sealed partial class CallAgent : IAsyncDisposable
{
    /// <summary>Media proves the peer alive; telling the state machine a few times a second is plenty.</summary>
    private static readonly TimeSpan LivenessReportInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RefusalNoticeInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(20);

    private readonly IDatagramTransport _transport;
    private readonly CallAgentOptions _options;
    private readonly IAudioDevices _devices;
    private readonly TimeProvider _time;
    private readonly CallStateMachine _machine;
    private readonly CallSecurity _security;
    private readonly InviteLimiter _invites;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly Channel<CallEvent> _events = Channel.CreateUnbounded<CallEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<Task> _stoppingMedia = [];
    private volatile MediaSession? _media;
    private volatile IPEndPoint? _mediaPeer;
    private string? _mediaCallId;
    private long _lastLivenessReport;
    private long _ignoredDatagrams;
    private bool _muted;
    private IPAddress? _lastRefusedSource;
    private long _lastRefusedAt;
    private bool _disposed;
    private bool _closing;

    public CallAgent(IDatagramTransport transport, CallAgentOptions options, IAudioDevices devices, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _transport = transport;
        _options = options;
        _devices = devices;
        _time = time;
        var codec = options.Codec == AudioCodecs.PcmName ? CallCodec.Pcm : CallCodec.Opus;
        _machine = new CallStateMachine(time, options.LocalName, options.AdvertisedEndPoint, options.Timings, CallId.NewRandom, codec, options.PacketTime);
        _security = new CallSecurity(options.Encryption, options.LocalName, options.Identity, options.PostQuantum);
        _invites = new InviteLimiter(time);
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ChannelReader<CallEvent> Events => _events.Reader;

    public IPEndPoint LocalEndPoint => _transport.LocalEndPoint;

    public CallState State
    {
        get
        {
            lock (_gate)
                return _machine.State;
        }
    }

    public CallInfo? Current
    {
        get
        {
            lock (_gate)
                return _machine.Current;
        }
    }

    /// <summary>The figures of the call in progress, or null between calls.</summary>
    public MediaStatistics? Statistics => _media?.Statistics;

    /// <summary>Datagrams dropped as garbage or as coming from someone other than the call's peer.</summary>
    public long IgnoredDatagrams => Interlocked.Read(ref _ignoredDatagrams);

    /// <summary>Sends silence instead of the microphone, keeping the stream (and so the call) alive.</summary>
    public bool Muted
    {
        get => _muted;
        set
        {
            _muted = value;
            if (_media is { } media)
                media.Muted = value;
        }
    }

    public void Start() => _transport.Start(OnDatagram);

    /// <summary>
    /// Invites <paramref name="peerName"/> at <paramref name="peer"/>; false when a call is already going on. With
    /// <paramref name="expectedIdentity"/> (the registry's for that name) an encrypted call goes on only when the callee
    /// proves that identity, and only it can refuse the call.
    /// </summary>
    public bool Call(string peerName, IPEndPoint peer, IdentityFingerprint? expectedIdentity = null)
    {
        lock (_gate)
        {
            if (_machine.State != CallState.Idle)
                return false;
            _security.ExpectedCallee = expectedIdentity;
            try
            {
                Apply(_machine.Call(peerName, peer));
            }
            finally
            {
                _security.ExpectedCallee = null;
            }
            return true;
        }
    }

    /// <summary>
    /// Answers the ringing call. The audio is set up before ACEITO goes out, as in the original: the caller starts
    /// talking as soon as it hears ACEITO, and its first words must find a playout ready for them. It sends nothing
    /// until the caller's go-ahead (CALLBACK or its audio), when the call connects (docs/protocol.md).
    /// </summary>
    public void Accept()
    {
        lock (_gate)
        {
            if (_disposed || _machine.State != CallState.Ringing || _machine.Current is not { } call)
                return;
            if (!StartMedia(call, sendAtOnce: false))
            {
                Apply(_machine.Reject());
                return;
            }
            Apply(_machine.Accept());
        }
    }

    public void Reject() => Do(m => m.Reject());

    /// <summary>Ends the call in progress, or cancels the one ringing out (or declines the one ringing in).</summary>
    public void HangUp() => Do(m => m.HangUp());

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed || _closing)
                return;
            _closing = true;
            if (_machine.State != CallState.Idle)
                Apply(_machine.HangUp());
        }
        await WhenSettledAsync();
        lock (_gate)
            _disposed = true;
        await WhenMediaStoppedAsync();
        await _timer.DisposeAsync();
        await _transport.DisposeAsync();
        lock (_gate)
            _security.Dispose();
        _events.Writer.TryComplete();
    }

    /// <summary>Completes when every ended call's media has stopped and its recording is closed.</summary>
    public Task WhenMediaStoppedAsync()
    {
        lock (_gate)
            return Task.WhenAll(_stoppingMedia);
    }

    /// <summary>
    /// Waits, briefly, for the last ENCERRAR to be acknowledged: closing the port at once would leave a peer whose
    /// ENCERRAR was lost to find out only when the silence times out.
    /// </summary>
    private async Task WhenSettledAsync()
    {
        var deadline = _time.GetTimestamp() + (long)(SettleTimeout.TotalSeconds * _time.TimestampFrequency);
        while (_time.GetTimestamp() < deadline)
        {
            lock (_gate)
            {
                if (_machine.IsSettled)
                    return;
            }
            await Task.Delay(SettlePoll, _time);
        }
    }

    private void Do(Func<CallStateMachine, IReadOnlyList<CallEffect>> input)
    {
        lock (_gate)
        {
            if (!_disposed)
                Apply(input(_machine));
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (!_disposed)
                Apply(_machine.Tick());
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from, TimeSpan waited)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Signaling when SignalingMessage.TryParse(datagram, out var message, out _):
                OnSignal(message, from);
                break;
            case DatagramKind.Rtp:
                OnRtp(datagram, from, waited);
                break;
            case DatagramKind.Rtcp when _media is { } media && from.Equals(_mediaPeer):
                media.OnRtcp(datagram, waited);
                break;
            default:
                Interlocked.Increment(ref _ignoredDatagrams);
                break;
        }
    }

    private void OnSignal(SignalingMessage message, IPEndPoint from)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            if (message.Kind == SignalingKind.Invite ? !_invites.TryAdmit(from.Address) : IsThirdParty(message, from))
            {
                Interlocked.Increment(ref _ignoredDatagrams);
                return;
            }
            switch (_security.Incoming(message, _machine.Current, _machine.State))
            {
                case SecurityVerdict.Accept:
                    Apply(_machine.Receive(message, from));
                    break;
                case SecurityVerdict.RefuseUnencryptedInvite:
                    _transport.Send(SignalingMessage.Reject(message.CallId, SignalingReason.Unencrypted).ToBytes(), from);
                    // Told once per caller address a minute: a flood of such invitations must not flood the screen.
                    if (!from.Address.Equals(_lastRefusedSource) || _time.GetElapsedTime(_lastRefusedAt) > RefusalNoticeInterval)
                    {
                        _lastRefusedSource = from.Address;
                        _lastRefusedAt = _time.GetTimestamp();
                        _events.Writer.TryWrite(new CallProblemEvent(
                            $"refused a call from {message.Name}: it is not encrypted (--allow-unencrypted takes such calls)"));
                    }
                    break;
                case SecurityVerdict.RefuseUnencryptedAnswer:
                    Apply(_machine.HangUp(), CallEndReason.PeerUnencrypted);
                    break;
                case SecurityVerdict.RefuseWrongIdentity:
                    Apply(_machine.HangUp(), CallEndReason.WrongIdentity);
                    break;
                default:
                    Interlocked.Increment(ref _ignoredDatagrams);
                    break;
            }
        }
    }

    /// <summary>
    /// Someone other than the peer speaking about the current call: the machine would ignore it too, but counting it
    /// here is how a user (and a test) sees that someone tried.
    /// </summary>
    private bool IsThirdParty(SignalingMessage message, IPEndPoint from) =>
        _machine.Current is { } call && call.CallId == message.CallId && !call.Peer.Equals(from);

    private void OnRtp(ReadOnlySpan<byte> datagram, IPEndPoint from, TimeSpan waited)
    {
        var media = _media;
        if (media is not null && from.Equals(_mediaPeer))
        {
            if (!media.OnRtp(datagram, waited))
                return;
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Interlocked.Read(ref _lastLivenessReport), now) < LivenessReportInterval)
                return;
            Interlocked.Exchange(ref _lastLivenessReport, now);
        }
        lock (_gate)
        {
            // Also how a callee whose CALLBACK was lost learns that the caller is sending.
            if (_disposed || !_machine.PeerActivity(from, out var effects))
            {
                Interlocked.Increment(ref _ignoredDatagrams);
                return;
            }
            Apply(effects);
        }
    }
}
