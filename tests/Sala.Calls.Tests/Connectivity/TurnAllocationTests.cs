using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sala.Calls.Connectivity;
using Sala.Calls.Transport;

namespace Sala.Calls.Tests.Connectivity;

/// <summary>A relayed address on a real coturn: allocated, permitted, data both ways, channels, refusals.</summary>
public sealed class TurnAllocationTests : IAsyncDisposable
{
    private readonly LoopbackCoturn _coturn = LoopbackCoturn.Start();
    private readonly ConnectivityTransport _port = new(UdpDatagramTransport.Bind(0), TimeProvider.System);
    private readonly List<(string Text, IPEndPoint From)> _heard = [];
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public TurnAllocationTests()
    {
        _port.Start((datagram, from, _) =>
        {
            lock (_heard)
                _heard.Add((Encoding.ASCII.GetString(datagram), from));
        });
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peer.ReceiveTimeout = 5000;
    }

    private IPEndPoint Peer => (IPEndPoint)_peer.LocalEndPoint!;

    private (string Text, IPEndPoint From) PeerReceives()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var length = _peer.ReceiveFrom(buffer, ref from);
        return (Encoding.ASCII.GetString(buffer, 0, length), (IPEndPoint)from);
    }

    private async Task<(string Text, IPEndPoint From)> CallHearsAsync(string text)
    {
        await Eventually.TrueAsync(() => { lock (_heard) return _heard.Exists(h => h.Text == text); }, $"'{text}' through the relay");
        lock (_heard)
            return _heard.Find(h => h.Text == text);
    }

    [Fact]
    public async Task Data_goes_both_ways_through_the_relay_and_the_call_sees_the_peer_address_before_and_after_a_channel()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await TurnAllocation.AllocateAsync(_port, _coturn.Credentials("alice"), ct);
        Assert.Equal(IPAddress.Loopback, relay.RelayedAddress.Address);
        await relay.PermitAsync([IPAddress.Loopback], ct);
        relay.RouteThroughRelay(Peer);

        // Send and Data indications.
        _peer.SendTo("hello"u8, relay.RelayedAddress);
        Assert.Equal(Peer, (await CallHearsAsync("hello")).From);
        _port.Send("world"u8, Peer);
        Assert.Equal(("world", relay.RelayedAddress), PeerReceives());

        // A channel: 4-byte ChannelData headers from now on, and still the peer's address to the call.
        Assert.True(await relay.BindChannelAsync(Peer, ct));
        _peer.SendTo("again"u8, relay.RelayedAddress);
        Assert.Equal(Peer, (await CallHearsAsync("again")).From);
        _port.Send("back"u8, Peer);
        Assert.Equal(("back", relay.RelayedAddress), PeerReceives());
        Assert.Equal(0, relay.Unsolicited);
    }

    [Fact]
    public async Task The_allocation_and_the_permissions_are_refreshed_before_they_expire_and_data_still_flows()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var heard = new List<string>();
        await using var port = new ConnectivityTransport(UdpDatagramTransport.Bind(0), time);
        port.Start((datagram, _, _) =>
        {
            lock (heard)
                heard.Add(Encoding.ASCII.GetString(datagram));
        });
        await using var relay = await TurnAllocation.AllocateAsync(port, _coturn.Credentials("alice"), ct);
        await relay.PermitAsync([IPAddress.Loopback], ct);

        // Permissions last 5 minutes (RFC 8656 §9): refreshed at 4. coturn's allocations last 10: refreshed at 7.5.
        time.Advance(TimeSpan.FromMinutes(4));
        await Eventually.TrueAsync(() => relay.PermissionRefreshes == 1, "the permissions refreshed at 4 minutes");
        Assert.Equal(0, relay.AllocationRefreshes);
        time.Advance(TimeSpan.FromMinutes(3.5));
        await Eventually.TrueAsync(() => relay.AllocationRefreshes == 1 && relay.PermissionRefreshes == 2, "the allocation refreshed at 7.5 minutes");

        _peer.SendTo("still here"u8, relay.RelayedAddress);
        await Eventually.TrueAsync(() => { lock (heard) return heard.Contains("still here"); }, "data through the refreshed allocation");
    }

    [Fact]
    public async Task A_peer_without_a_permission_never_reaches_the_call()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var relay = await TurnAllocation.AllocateAsync(_port, _coturn.Credentials("alice"), ct);
        await relay.PermitAsync([IPAddress.Loopback], ct);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));

        stranger.SendTo("intruder"u8, relay.RelayedAddress);
        _peer.SendTo("friend"u8, relay.RelayedAddress);

        await CallHearsAsync("friend");
        lock (_heard)
            Assert.DoesNotContain(_heard, h => h.Text == "intruder");
    }

    [Fact]
    public async Task Credentials_the_relay_does_not_accept_are_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<TurnException>(() =>
            TurnAllocation.AllocateAsync(_port, _coturn.Credentials("alice", secret: "not the secret"), TestContext.Current.CancellationToken));

        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.Null(_port.Relay);
    }

    public async ValueTask DisposeAsync()
    {
        await _port.DisposeAsync();
        _peer.Dispose();
        await _coturn.DisposeAsync();
    }
}
