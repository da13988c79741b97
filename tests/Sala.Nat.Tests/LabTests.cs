using System.Globalization;

namespace Sala.Nat.Tests;

/// <summary>
/// The lab itself behaves as the call tests assume, checked with coturn's STUN client and the routers' conntrack
/// tables: a cone router keeps the source port, a symmetric one does not, and a home cannot reach another's LAN.
/// </summary>
public sealed class LabTests(NatLabFixture fixture)
{
    private readonly NatLab _lab = fixture.Lab;

    [Fact]
    public async Task A_cone_router_maps_a_home_host_to_its_own_source_port()
    {
        await _lab.SetNatAsync(NatKind.Cone, NatKind.Cone);
        var (source, mapped) = await StunMappingOfHomeAAsync();
        Assert.Equal(source, mapped);
    }

    [Fact]
    public async Task A_symmetric_router_maps_a_home_host_to_another_port()
    {
        await _lab.SetNatAsync(NatKind.Symmetric, NatKind.Symmetric);
        var (source, mapped) = await StunMappingOfHomeAAsync();
        // "masquerade random" draws the port: equal only by a 1 in ~28 000 chance.
        Assert.NotEqual(source, mapped);
    }

    [Fact]
    public async Task A_home_host_cannot_reach_the_other_homes_private_address()
    {
        await _lab.SetNatAsync(NatKind.Cone, NatKind.Cone);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NatLab.RunInAsync(LabHost.HomeA.Namespace, "ping", "-c1", "-W1", LabHost.HomeB.Address));
        Assert.Contains("exited 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_hosts_reach_each_other_over_IPv6()
    {
        var output = await NatLab.RunInAsync(LabHost.Public.Namespace, "ping", "-6", "-c1", "-W2", "2001:db8:100::31");
        Assert.Contains(output, l => l.Contains("1 received", StringComparison.Ordinal));
    }

    /// <summary>
    /// The port home A's first STUN request left from, as router A's conntrack saw it, and the port coturn saw it
    /// come from ("UDP reflexive addr: 198.51.100.1:PORT").
    /// </summary>
    private static async Task<(int Source, int Mapped)> StunMappingOfHomeAAsync()
    {
        int mapped;
        // The client then waits for RFC 5780 answers the NAT filters out: stop it once the mapping is printed.
        await using (var stun = ChildProcess.Start("ip", ["netns", "exec", LabHost.HomeA.Namespace, "turnutils_stunclient", "198.51.100.20"]))
        {
            var line = stun.WaitForLine(l => l.Contains("UDP reflexive addr: ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            mapped = int.Parse(line[(line.LastIndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
            Assert.StartsWith("198.51.100.1:", line[(line.IndexOf("addr: ", StringComparison.Ordinal) + "addr: ".Length)..], StringComparison.Ordinal);
        }

        var entries = await NatLab.RunInAsync("ntrA", "conntrack", "-L", "-p", "udp", "--orig-src", LabHost.HomeA.Address,
            "--orig-dst", "198.51.100.20", "--orig-port-dst", "3478");
        var entry = Assert.Single(entries, l => l.Contains("sport=", StringComparison.Ordinal));
        var start = entry.IndexOf("sport=", StringComparison.Ordinal) + "sport=".Length;
        var source = int.Parse(entry[start..entry.IndexOf(' ', start)], CultureInfo.InvariantCulture);
        return (source, mapped);
    }
}
