using System.Net;

namespace Sala.Registry.Redis.Tests;

/// <summary>
/// What every <see cref="IRegistryStore"/> promises, run against each store by a subclass. <see cref="OpenAsync"/>
/// gives a handle on one shared registry: for Redis each handle is a separate connection, as two servers have.
/// </summary>
public abstract class RegistryStoreContract : IAsyncDisposable
{
    private static readonly RegistrationOwner Alice = new("server-a", 1);
    private static readonly RegistrationOwner Bob = new("server-b", 1);

    protected abstract Task<IRegistryStore> OpenAsync();

    public abstract ValueTask DisposeAsync();

    private static Registration At(string name, string ip = "10.0.0.1", int port = 5000) => new(name, IPAddress.Parse(ip), port);

    [Fact]
    public async Task A_claimed_name_is_found_in_any_letter_case_as_registered()
    {
        var store = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("João", "192.168.1.20", 5000), Alice, default));
        Assert.Equal(At("João", "192.168.1.20", 5000), await store.LookupAsync("JOÃO", default));
        Assert.Null(await store.LookupAsync("nobody", default));
    }

    [Fact]
    public async Task The_owner_of_a_name_is_found_from_any_handle_so_a_message_can_be_routed_to_it()
    {
        var store = await OpenAsync();
        var other = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("João", "192.168.1.20", 5000), new RegistrationOwner("server-a", 42), default));
        Assert.Equal(new OwnedRegistration(At("João", "192.168.1.20", 5000), new RegistrationOwner("server-a", 42)),
            await other.FindOwnerAsync("JOÃO", default));
        Assert.Null(await other.FindOwnerAsync("nobody", default));
    }

    [Fact]
    public async Task A_taken_name_cannot_be_claimed_again_in_any_case_by_anyone()
    {
        var store = await OpenAsync();
        var other = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("Alice"), Alice, default));
        Assert.False(await other.TryClaimAsync(At("ALICE", "10.0.0.2"), Bob, default));
        Assert.False(await store.TryClaimAsync(At("alice", "10.0.0.3"), Alice, default));
        Assert.Equal(At("Alice"), await other.LookupAsync("alice", default));
    }

    [Fact]
    public async Task Only_the_owner_removes_and_then_anyone_may_claim()
    {
        var store = await OpenAsync();
        var other = await OpenAsync();
        Assert.True(await store.TryClaimAsync(At("alice"), Alice, default));
        Assert.Equal(RemoveOutcome.NotOwner, await other.RemoveIfOwnerAsync("alice", Bob, default));
        Assert.Equal(RemoveOutcome.NotOwner, await other.RemoveIfOwnerAsync("alice", Alice with { ConnectionId = 2 }, default));
        Assert.Equal(RemoveOutcome.NotFound, await other.RemoveIfOwnerAsync("ghost", Bob, default));
        Assert.Equal(RemoveOutcome.Removed, await store.RemoveIfOwnerAsync("ALICE", Alice, default));
        Assert.Null(await other.LookupAsync("alice", default));
        Assert.True(await other.TryClaimAsync(At("alice", "10.0.0.9", 5009), Bob, default));
        Assert.Equal(At("alice", "10.0.0.9", 5009), await store.LookupAsync("alice", default));
    }

    [Fact]
    public async Task List_holds_every_handles_users_sorted_by_name()
    {
        var store = await OpenAsync();
        var other = await OpenAsync();
        Assert.Empty(await store.ListAsync(default));
        Assert.True(await store.TryClaimAsync(At("carol", "10.0.0.3", 5003), Alice, default));
        Assert.True(await other.TryClaimAsync(At("alice", "fe80::1", 5001), Bob, default));
        Assert.True(await store.TryClaimAsync(At("bob", "10.0.0.2", 5002), Alice with { ConnectionId = 2 }, default));
        Assert.Equal([At("alice", "fe80::1", 5001), At("bob", "10.0.0.2", 5002), At("carol", "10.0.0.3", 5003)],
            await other.ListAsync(default));
        Assert.Equal(RemoveOutcome.Removed, await other.RemoveIfOwnerAsync("alice", Bob, default));
        Assert.Equal(["bob", "carol"], (await store.ListAsync(default)).Select(r => r.Name));
    }

    [Fact]
    public async Task Forty_owners_racing_for_one_name_leave_exactly_one_winner()
    {
        var handles = new[] { await OpenAsync(), await OpenAsync() };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await handles[i % 2].TryClaimAsync(At("Racer", $"10.0.1.{i + 1}"), new RegistrationOwner($"server-{i % 2}", i), default);
        })).ToList();
        start.SetResult();
        var won = await Task.WhenAll(racing);
        Assert.Single(won, w => w);
        var winner = Array.IndexOf(won, true);
        Assert.Equal(At("Racer", $"10.0.1.{winner + 1}"), await handles[0].LookupAsync("racer", default));
    }
}
