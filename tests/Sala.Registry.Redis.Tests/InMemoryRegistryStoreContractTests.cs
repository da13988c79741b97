namespace Sala.Registry.Redis.Tests;

/// <summary>The contract on the embedded store: every handle is the one instance.</summary>
public sealed class InMemoryRegistryStoreContractTests : RegistryStoreContract
{
    private readonly InMemoryRegistryStore _store = new();

    protected override Task<IRegistryStore> OpenAsync() => Task.FromResult<IRegistryStore>(_store);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
