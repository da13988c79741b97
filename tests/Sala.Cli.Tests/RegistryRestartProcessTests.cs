namespace Sala.Cli.Tests;

/// <summary>
/// Issue 5's "done when": a registry killed with SIGKILL and started again on the same port gets every connected
/// client back, registered, unprompted, within 35 s, while a call between two of them goes on untouched.
/// </summary>
public sealed class RegistryRestartProcessTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(35);

    [Fact]
    public async Task A_registry_killed_and_restarted_gets_every_client_back_while_a_call_goes_on()
    {
        var server = RunningSalaServer.Start();
        var port = server.Port;
        try
        {
            await using var bob = SalaProcess.Start("client", "--name", "bob", "--server", server.Address, "--answer", "yes",
                "--mic", "tone:440", "--speaker", "null", "--exit-after-call");
            bob.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
            await using var carol = SalaProcess.Start("client", "--name", "carol", "--server", server.Address, "--answer", "no",
                "--mic", "silence", "--speaker", "null");
            carol.WaitForLine(l => l.StartsWith("registered as carol", StringComparison.Ordinal));
            await using var alice = SalaProcess.Start("client", "--name", "alice", "--server", server.Address, "--call", "bob",
                "--mic", "tone:880", "--speaker", "null", "--exit-after-call");
            alice.WaitForLine(l => l.StartsWith("in call with bob", StringComparison.Ordinal));

            server.Process.Kill();
            await server.DisposeAsync();
            foreach (var client in new[] { alice, bob, carol })
                client.WaitForLine(l => l.EndsWith("reconnecting (calls go on)", StringComparison.Ordinal));
            var restarted = DateTime.UtcNow;
            server = RunningSalaServer.Start(port);

            foreach (var (client, name) in new[] { (alice, "alice"), (bob, "bob"), (carol, "carol") })
                client.WaitForLine(l => l == $"registry back: registered as {name} again", Promise - (DateTime.UtcNow - restarted));
            Assert.Equal(["alice 127.0.0.1", "bob 127.0.0.1", "carol 127.0.0.1"], (await server.ListAsync()).Select(NameAndAddress).Order());

            // The call never noticed: alice hangs up now, and both see an ordinary end.
            Assert.DoesNotContain(alice.Output, l => l.StartsWith("call with bob ended", StringComparison.Ordinal));
            alice.SendLine("H");
            Assert.Equal(0, await alice.WaitForExitAsync());
            Assert.Equal(0, await bob.WaitForExitAsync());
            Assert.Contains(alice.Output, l => l.StartsWith("call with bob ended: you hung up", StringComparison.Ordinal));
            Assert.Contains(bob.Output, l => l.StartsWith("call with alice ended: hung up by the other side", StringComparison.Ordinal));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_registry_stopped_with_sigterm_tells_its_clients_which_say_so()
    {
        await using var server = RunningSalaServer.Start();
        await using var carol = SalaProcess.Start("client", "--name", "carol", "--server", server.Address, "--answer", "no",
            "--mic", "silence", "--speaker", "null");
        carol.WaitForLine(l => l.StartsWith("registered as carol", StringComparison.Ordinal));
        server.Process.Terminate();
        carol.WaitForLine(l => l == $"the registry at {server.Address} is shutting down; reconnecting (calls go on)");
        Assert.Equal(0, await server.Process.WaitForExitAsync());
    }

    private static string NameAndAddress(string listLine) => string.Join(' ', listLine.Split(' ')[..2]);
}
