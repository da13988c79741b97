using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Sala.Calls.Connectivity;
using Sala.Calls.Transport;
using Sala.Protocol.Stun;
using Sala.Registry;

namespace Sala.Calls.Tests.Connectivity;

/// <summary>
/// The candidate exchange and the connectivity checks between two real call ports on this machine, with the offer
/// and answer passed the way the registry passes them. NATs themselves are tested in tests/Sala.Nat.Tests.
/// </summary>
public sealed class CallConnectorTests : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, CallConnector> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly HashSet<string> _olderClients = new(StringComparer.OrdinalIgnoreCase);

    private async Task<(CallConnector Connector, ConnectivityTransport Port, List<string> Received)> UserAsync(
        string name, Func<bool>? isBusy = null, CallConnectorOptions? options = null, bool register = true)
    {
        var port = new ConnectivityTransport(UdpDatagramTransport.Bind(0), TimeProvider.System);
        var received = new List<string>();
        port.Start((datagram, _, _) =>
        {
            lock (received)
                received.Add(System.Text.Encoding.ASCII.GetString(datagram));
        });
        var advertised = new IPEndPoint(IPAddress.Loopback, port.LocalEndPoint.Port);
        var connector = new CallConnector(port, new LoopbackOfferRelay(name, _users, _olderClients), options ?? new CallConnectorOptions(advertised), isBusy ?? (() => false));
        if (register)
            _users[name] = connector;
        _owned.Add(connector);
        _owned.Add(port);
        await Task.CompletedTask;
        return (connector, port, received);
    }

    [Fact]
    public async Task Two_users_on_one_machine_find_a_direct_path_and_agree_on_it()
    {
        var (alice, alicePort, _) = await UserAsync("alice");
        var (bob, bobPort, _) = await UserAsync("bob");

        var outcome = await alice.ConnectAsync("bob", TestContext.Current.CancellationToken);

        Assert.Equal(ConnectResult.Connected, outcome.Result);
        Assert.Equal(CallPathKind.Direct, outcome.Path!.Kind);
        Assert.Equal(bobPort.LocalEndPoint.Port, outcome.Path.Peer.Port);
        Assert.StartsWith("direct (", outcome.Path.Describe(), StringComparison.Ordinal);
        var ready = Assert.IsType<IncomingPathReady>(await bob.Events.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal("alice", ready.From);
        Assert.Equal(alicePort.LocalEndPoint.Port, ready.Path.Peer.Port);
        Assert.Equal(0, alicePort.RefusedStun);
        Assert.Equal(0, bobPort.RefusedStun);
    }

    [Fact]
    public async Task After_the_path_is_found_the_call_port_carries_signaling_to_the_peer_and_no_STUN()
    {
        var (alice, alicePort, _) = await UserAsync("alice");
        var (_, _, bobReceived) = await UserAsync("bob");

        var outcome = await alice.ConnectAsync("bob", TestContext.Current.CancellationToken);
        alicePort.Send("CONVITE alice 127.0.0.1 1 call=x1"u8, outcome.Path!.Peer);

        await Eventually.TrueAsync(() => { lock (bobReceived) return bobReceived.Count > 0; }, "bob receiving the CONVITE");
        lock (bobReceived)
            Assert.Equal(["CONVITE alice 127.0.0.1 1 call=x1"], bobReceived);
    }

    [Fact]
    public async Task A_busy_callee_answers_busy_and_no_checks_run()
    {
        var (alice, _, _) = await UserAsync("alice");
        await UserAsync("bob", isBusy: () => true);

        var outcome = await alice.ConnectAsync("bob", TestContext.Current.CancellationToken);

        Assert.Equal(ConnectResult.Busy, outcome.Result);
    }

    [Fact]
    public async Task A_name_nobody_holds_is_not_found()
    {
        var (alice, _, _) = await UserAsync("alice");

        Assert.Equal(ConnectResult.NotFound, (await alice.ConnectAsync("nobody", TestContext.Current.CancellationToken)).Result);
    }

    [Fact]
    public async Task A_callee_that_never_answers_the_offer_is_taken_for_an_older_client()
    {
        var advertised = new IPEndPoint(IPAddress.Loopback, 9);
        var (alice, _, _) = await UserAsync("alice", options: new CallConnectorOptions(advertised) { AnswerTimeout = TimeSpan.FromMilliseconds(300) });
        // An older client ignores MSG lines: the registry delivers the offer, and nothing comes back.
        _olderClients.Add("bob");

        var outcome = await alice.ConnectAsync("bob", TestContext.Current.CancellationToken);

        Assert.Equal(ConnectResult.NotSupported, outcome.Result);
        // Nothing of the first attempt is left holding the connector: the next one runs too.
        Assert.Equal(ConnectResult.NotSupported, (await alice.ConnectAsync("bob", TestContext.Current.CancellationToken)).Result);
    }

    [Fact]
    public async Task Garbage_and_answers_to_nothing_through_the_registry_are_refused_and_counted()
    {
        var (alice, _, _) = await UserAsync("alice");

        alice.OnRelayedMessage("mallory", "OFFER call=1 ice=short:pw cand=x");
        alice.OnRelayedMessage("mallory", "ANSWER call=abc ice=abcdefgh:abcdefghijklmnopqrstuvwx cand=h/10.0.0.1/5000");
        alice.OnRelayedMessage("mallory", new string('A', 2000));

        Assert.Equal(3, alice.RefusedSignals);
    }

    [Fact]
    public async Task STUN_that_is_malformed_or_for_nobody_is_refused_counted_and_never_reaches_the_call()
    {
        var (_, port, received) = await UserAsync("alice");
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, port.LocalEndPoint.Port);
        var forged = new StunMessageWriter(StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom())
            .AddString(StunAttributeType.Username, "nobody:here").AddMessageIntegrity("wrong"u8).AddFingerprint().ToArray();
        var broken = forged.ToArray();
        broken[^1] ^= 0xFF; // the fingerprint no longer matches
        var unsolicited = new StunMessageWriter(StunMethod.Binding, StunClass.SuccessResponse, StunTransactionId.NewRandom()).ToArray();

        stranger.SendTo(forged, target);
        stranger.SendTo(broken, target);
        stranger.SendTo(unsolicited, target);

        await Eventually.TrueAsync(() => port.RefusedStun == 3, "three refusals");
        lock (received)
            Assert.Empty(received);
    }

    [Fact]
    public async Task The_registry_STUN_answer_gives_the_address_the_port_is_seen_from()
    {
        await using var stun = StunResponder.Start(IPAddress.Loopback, 0);
        var (_, port, _) = await UserAsync("alice");

        var mapped = await CandidateGatherer.ServerReflexiveAsync(port, stun.LocalEndPoint, TestContext.Current.CancellationToken);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port.LocalEndPoint.Port), mapped);
        Assert.Equal(1, stun.Answered);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
            await owned.DisposeAsync();
    }
}
