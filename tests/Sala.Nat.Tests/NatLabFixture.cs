namespace Sala.Nat.Tests;

/// <summary>The lab, coturn and the registries, started once for every test of the assembly and ended after them.</summary>
public sealed class NatLabFixture : IAsyncLifetime
{
    private NatLab? _lab;

    internal NatLab Lab => _lab ?? throw new InvalidOperationException("the NAT lab is not up");

    public async ValueTask InitializeAsync() => _lab = await NatLab.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_lab is not null)
            await _lab.DisposeAsync();
    }
}
