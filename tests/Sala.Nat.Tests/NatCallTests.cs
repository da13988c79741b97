namespace Sala.Nat.Tests;

/// <summary>
/// One real call per pair of lab hosts, with both routers' NAT kinds set (and their conntrack flushed) first. The
/// path each side prints is the contract: <c>call path: direct (IP:PORT)</c>, <c>direct through NAT (IP:PORT)</c> or
/// <c>relayed via HOST:PORT</c>, then <c>, set up in N ms</c>.
/// </summary>
public sealed class NatCallTests(NatLabFixture fixture) : IDisposable
{
    private const string Direct = "direct";
    private const string DirectThroughNat = "direct through NAT (";
    private const string RelayedViaCoturn = "relayed via " + NatLab.TurnServer;

    private readonly NatLab _lab = fixture.Lab;
    private readonly TempFolder _recordings = new();

    [Fact]
    public async Task Cone_to_cone_connects_directly_through_both_NATs()
    {
        await _lab.SetNatAsync(NatKind.Cone, NatKind.Cone);
        var call = await CallAsync(_lab.RelayRegistry, LabHost.HomeA, "alice-cc", LabHost.HomeB, "bob-cc");

        CallAssert.BothHeardEachOther(call);
        CallAssert.BothPathsStartWith(call, DirectThroughNat);
        CallAssert.NeitherSays(call, "relayed");
    }

    [Fact]
    public async Task Public_host_calling_a_cone_NAT_connects_directly()
    {
        await _lab.SetNatAsync(NatKind.Cone, NatKind.Cone);
        var call = await CallAsync(_lab.RelayRegistry, LabHost.Public, "alice-pc", LabHost.HomeB, "bob-pc");

        CallAssert.BothHeardEachOther(call);
        CallAssert.BothPathsStartWith(call, Direct);
        CallAssert.NeitherSays(call, "relayed");
    }

    [Fact]
    public async Task Cone_NAT_calling_a_public_host_connects_directly()
    {
        await _lab.SetNatAsync(NatKind.Cone, NatKind.Cone);
        var call = await CallAsync(_lab.RelayRegistry, LabHost.HomeB, "alice-cp", LabHost.Public, "bob-cp");

        CallAssert.BothHeardEachOther(call);
        CallAssert.BothPathsStartWith(call, Direct);
        CallAssert.NeitherSays(call, "relayed");
    }

    [Fact]
    public async Task Public_host_calling_a_symmetric_NAT_connects_directly_with_no_relay_at_all()
    {
        // The callee's checks come from a mapping its NAT made for the caller alone, often before the caller has the
        // answer: the caller must keep that address (an early, peer-reflexive check) and check it back.
        await _lab.SetNatAsync(NatKind.Cone, NatKind.Symmetric);
        var call = await CallAsync(_lab.PlainRegistry, LabHost.Public, "alice-ps", LabHost.HomeB, "bob-ps");

        CallAssert.BothHeardEachOther(call);
        CallAssert.BothPathsStartWith(call, Direct);
        CallAssert.NeitherSays(call, "relayed");
    }

    [Fact]
    public async Task Symmetric_to_symmetric_is_relayed_through_coturn()
    {
        await _lab.SetNatAsync(NatKind.Symmetric, NatKind.Symmetric);
        var call = await CallAsync(_lab.RelayRegistry, LabHost.HomeA, "alice-ss", LabHost.HomeB, "bob-ss");

        CallAssert.BothHeardEachOther(call);
        CallAssert.EitherPathStartsWith(call, RelayedViaCoturn);
        CallAssert.EncryptedEndToEnd(call);
    }

    [Fact]
    public async Task Symmetric_to_cone_is_relayed_through_coturn()
    {
        await _lab.SetNatAsync(NatKind.Symmetric, NatKind.Cone);
        var call = await CallAsync(_lab.RelayRegistry, LabHost.HomeA, "alice-sc", LabHost.HomeB, "bob-sc");

        CallAssert.BothHeardEachOther(call);
        CallAssert.EitherPathStartsWith(call, RelayedViaCoturn);
        CallAssert.EncryptedEndToEnd(call);
    }

    [Fact]
    public async Task Symmetric_to_symmetric_without_a_relay_fails_saying_so_and_the_callee_never_joins()
    {
        await _lab.SetNatAsync(NatKind.Symmetric, NatKind.Symmetric);
        var call = await CallAsync(_lab.PlainRegistry, LabHost.HomeA, "alice-ssn", LabHost.HomeB, "bob-ssn");

        Assert.True(call.CallerExitCode == 1, $"the caller exited {call.CallerExitCode}, expected 1\n{call.Transcript}");
        Assert.True(call.CallerOutput.Any(l => l.Contains("cannot be reached directly and no relay is configured: see --turn", StringComparison.Ordinal)),
            $"the caller did not say why\n{call.Transcript}");
        CallAssert.CalleeNeverInCall(call);
    }

    // The two controls below need no relay, but a relay is on offer: a direct way must still win over it.

    [Fact]
    public async Task Public_hosts_with_IPv6_talk_over_IPv6_though_registered_over_IPv4()
    {
        await _lab.SetNatAsync(NatKind.Cone, NatKind.Cone);
        var call = await CallAsync(_lab.RelayRegistry, LabHost.Public, "alice-v6", LabHost.Public2, "bob-v6");

        CallAssert.BothHeardEachOther(call);
        CallAssert.BothPathsStartWith(call, "direct ([2001:db8:100::");
        CallAssert.NeitherSays(call, "relayed");
    }

    [Fact]
    public async Task Two_hosts_of_one_home_talk_directly_on_their_LAN()
    {
        await _lab.SetNatAsync(NatKind.Cone, NatKind.Cone);
        var call = await CallAsync(_lab.RelayRegistry, LabHost.HomeA, "alice-lan", LabHost.HomeA2, "bob-lan");

        CallAssert.BothHeardEachOther(call);
        CallAssert.BothPathsStartWith(call, "direct (10.1.0.");
        CallAssert.NeitherSays(call, "relayed");
    }

    public void Dispose() => _recordings.Dispose();

    private Task<NatCallResult> CallAsync(LabRegistry registry, LabHost caller, string callerName, LabHost callee, string calleeName) =>
        NatCall.RunAsync(registry, caller, callerName, callee, calleeName, _recordings.Path);
}
