using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Sala.Calls.Connectivity;
using Sala.Calls.Transport;
using Sala.Protocol.Ice;
using Sala.Protocol.Stun;

namespace Sala.Calls.Tests.Connectivity;

/// <summary>What a side in the middle of its checks answers, and to whom: only checks signed with its password.</summary>
public sealed class IceChecksTests : IAsyncDisposable
{
    private static readonly IceCredentials Local = new("localUF", "localpasswordlocalpassword");
    private static readonly IceCredentials Remote = new("remoteUF", "remotepasswordremotepassword");

    private readonly ConnectivityTransport _port = new(UdpDatagramTransport.Bind(0), TimeProvider.System);
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IceChecks _checks;
    private readonly CancellationTokenSource _stop = new();

    public IceChecksTests()
    {
        _port.Start((_, _, _) => { });
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peer.ReceiveTimeout = 2000;
        var peer = (IPEndPoint)_peer.LocalEndPoint!;
        _checks = new IceChecks(_port, controlling: false, Local, Remote,
            [IceCandidate.Create(IceCandidateKind.Host, new IPEndPoint(IPAddress.Loopback, _port.LocalEndPoint.Port))],
            [IceCandidate.Create(IceCandidateKind.Host, peer)], relay: null);
        _ = _checks.RunAsync(TimeSpan.FromSeconds(30), _stop.Token);
    }

    private IPEndPoint Target => new(IPAddress.Loopback, _port.LocalEndPoint.Port);

    private static byte[] Check(string username, string password, bool nominate = false)
    {
        var writer = new StunMessageWriter(StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom())
            .AddString(StunAttributeType.Username, username)
            .AddUInt32(StunAttributeType.Priority, 1);
        if (nominate)
            writer.AddFlag(StunAttributeType.UseCandidate);
        return writer.AddMessageIntegrity(StunCredentials.ShortTermKey(password)).AddFingerprint().ToArray();
    }

    /// <summary>The next STUN message the peer gets, skipping the side's own checks towards it.</summary>
    private StunMessage NextResponse()
    {
        var buffer = new byte[2048];
        while (true)
        {
            var length = _peer.Receive(buffer);
            Assert.True(StunMessage.TryParse(buffer.AsSpan(0, length), out var message, out var error), error);
            if (message.Class != StunClass.Request)
                return message;
        }
    }

    [Fact]
    public void A_check_signed_with_our_password_is_answered_with_the_address_it_came_from()
    {
        _peer.SendTo(Check("localUF:remoteUF", Local.Password), Target);

        var response = NextResponse();

        Assert.Equal(StunClass.SuccessResponse, response.Class);
        Assert.True(response.VerifyIntegrity(StunCredentials.ShortTermKey(Local.Password)));
        Assert.True(response.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.Equal(((IPEndPoint)_peer.LocalEndPoint!).Port, mapped.Port);
        Assert.Equal(0, _port.RefusedStun);
    }

    [Theory]
    [InlineData("localUF:remoteUF", "the wrong password for this check")]
    [InlineData("localUF:someoneElse", "localpasswordlocalpassword")]
    public async Task A_check_with_bad_integrity_or_from_another_peer_is_refused_counted_and_not_answered(string username, string password)
    {
        _peer.SendTo(Check(username, password), Target);
        _peer.SendTo(Check("localUF:remoteUF", Local.Password), Target);

        // Only the good check gets an answer; the first is counted.
        var response = NextResponse();
        Assert.True(response.VerifyIntegrity(StunCredentials.ShortTermKey(Local.Password)));
        await Eventually.TrueAsync(() => _port.RefusedStun == 1, "the forged check counted");
    }

    [Fact]
    public async Task After_nomination_a_binding_indication_every_15_s_keeps_the_mapping_open_however_quiet_the_call()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var port = new ConnectivityTransport(UdpDatagramTransport.Bind(0), time);
        port.Start((_, _, _) => { });
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peer.ReceiveTimeout = 2000;
        await using var checks = new IceChecks(port, controlling: false, Local, Remote,
            [IceCandidate.Create(IceCandidateKind.Host, new IPEndPoint(IPAddress.Loopback, port.LocalEndPoint.Port))],
            [IceCandidate.Create(IceCandidateKind.Host, (IPEndPoint)peer.LocalEndPoint!)], relay: null);
        var running = checks.RunAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        peer.SendTo(Check("localUF:remoteUF", Local.Password, nominate: true), new IPEndPoint(IPAddress.Loopback, port.LocalEndPoint.Port));
        var path = await running;
        Assert.NotNull(path);
        Assert.Equal(peer.LocalEndPoint, path.Peer);

        Assert.Equal(0, Indications(peer, within: TimeSpan.Zero));
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, Indications(peer, within: TimeSpan.FromSeconds(2)));
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, Indications(peer, within: TimeSpan.FromSeconds(2)));
    }

    /// <summary>Binding indications that reach <paramref name="peer"/> before the first one, or the deadline.</summary>
    private static int Indications(Socket peer, TimeSpan within)
    {
        var buffer = new byte[2048];
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (!peer.Poll(left > TimeSpan.Zero ? (int)(left.TotalMilliseconds * 1000) : 0, SelectMode.SelectRead))
                return 0;
            var length = peer.Receive(buffer);
            if (StunMessage.TryParse(buffer.AsSpan(0, length), out var message, out _)
                && message.Class == StunClass.Indication && message.Method == StunMethod.Binding)
                return 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _checks.DisposeAsync();
        await _port.DisposeAsync();
        _peer.Dispose();
        _stop.Dispose();
    }
}
