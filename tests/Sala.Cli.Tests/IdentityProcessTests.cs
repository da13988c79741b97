namespace Sala.Cli.Tests;

/// <summary>
/// Issue 16 through the real <c>sala</c>: an identity made on first use and shown as words, a name registered with it
/// that nobody else can take, while its owner is away and after the registry restarts, and peers remembered.
/// </summary>
public sealed class IdentityProcessTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Sala_identity_makes_a_key_readable_by_its_owner_only_and_shows_the_same_fingerprint_each_time()
    {
        using var folder = new TempFolder();
        var file = folder.File("me.pem");
        await using var first = SalaProcess.Start("identity", "--identity", file);
        Assert.Equal(0, await first.WaitForExitAsync());
        await using var second = SalaProcess.Start("identity", "--identity", file);
        Assert.Equal(0, await second.WaitForExitAsync());

        var words = first.Output.First().Split(": ")[1];
        Assert.Equal(8, words.Split(' ').Length);
        Assert.Equal($"identity: {words}", second.Output.First());
        Assert.Contains(first.Output, l => l.StartsWith("made now and kept in", StringComparison.Ordinal));
        Assert.Contains(second.Output, l => l == $"kept in {file}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task A_name_registered_with_an_identity_is_refused_to_another_identity_also_after_the_registry_restarts()
    {
        using var folder = new TempFolder();
        var data = folder.File("registry");
        string[] owner = ["--identity", folder.File("alice.pem")];
        string[] impostor = ["--identity", folder.File("mallory.pem")];

        await using (var server = RunningSalaServer.Start(0, "--data-dir", data))
        {
            await RegisterAndLeaveAsync(server, "alice", owner);
            await using var taken = Client(server, "alice", impostor);
            Assert.Equal(3, await taken.WaitForExitAsync());
            Assert.Contains(taken.Output, l => l.Contains("the name alice is claimed by another identity", StringComparison.Ordinal));
        }

        await using var restarted = RunningSalaServer.Start(0, "--data-dir", data);
        await using (var stillTaken = Client(restarted, "ALICE", impostor))
            Assert.Equal(3, await stillTaken.WaitForExitAsync());
        await RegisterAndLeaveAsync(restarted, "alice", owner);
        // Without an identity, an unclaimed name registers as it always did.
        await RegisterAndLeaveAsync(restarted, "carol", ["--identity", "none"]);
    }

    [Fact]
    public async Task Sala_identity_release_gives_up_the_claim_so_another_identity_can_register_the_name()
    {
        using var folder = new TempFolder();
        string[] owner = ["--identity", folder.File("alice.pem")];
        string[] other = ["--identity", folder.File("mallory.pem")];
        await using var server = RunningSalaServer.Start(0, "--data-dir", "none");
        await RegisterAndLeaveAsync(server, "alice", owner);

        await RegisterAndLeaveAsync(server, "mallory", other); // makes mallory's key, which holds no claim on alice
        await using (var refused = SalaProcess.Start(["identity", "--release", "alice", "--server", server.Address, .. other]))
        {
            Assert.Equal(1, await refused.WaitForExitAsync());
            Assert.Contains(refused.Errors, l => l.Contains("alice is claimed by another identity, not yours", StringComparison.Ordinal));
        }
        await using var release = SalaProcess.Start(["identity", "--release", "alice", "--server", server.Address, .. owner]);
        Assert.Equal(0, await release.WaitForExitAsync());
        Assert.Contains(release.Output, l => l.StartsWith("released alice", StringComparison.Ordinal));

        await RegisterAndLeaveAsync(server, "alice", other);
    }

    [Fact]
    public async Task A_known_peer_needs_no_code_and_one_whose_identity_changed_is_flagged_and_refused_by_answer_yes()
    {
        using var folder = new TempFolder();
        string[] alice = ["--identity", folder.File("alice/identity.pem")];
        string[] bob = ["--identity", folder.File("bob/identity.pem")];

        // Each call on a registry of its own, with claims in memory: a new alice identity can take the name there.
        var (aliceFirst, bobFirst) = await CallAsync(alice, bob);
        Assert.Contains(bobFirst.Output, l => l.StartsWith("alice's identity is ", StringComparison.Ordinal) && l.Contains("remembered in", StringComparison.Ordinal));
        Assert.Contains(aliceFirst.Output, l => l.StartsWith("bob's identity is ", StringComparison.Ordinal));
        Assert.Contains(aliceFirst.Output, l => l.StartsWith("in call with bob (opus, encrypted, post-quantum, code: ", StringComparison.Ordinal));

        var (aliceAgain, bobAgain) = await CallAsync(alice, bob);
        Assert.Contains(aliceAgain.Output, l => l.StartsWith("in call with bob (known) (opus, encrypted, post-quantum, identity proved)", StringComparison.Ordinal));
        Assert.Contains(bobAgain.Output, l => l.StartsWith("incoming call from alice (known) (", StringComparison.Ordinal));
        Assert.DoesNotContain(bobAgain.Output, l => l.Contains("code:", StringComparison.Ordinal));

        var (impostor, refusing) = await CallAsync(["--identity", folder.File("mallory/identity.pem")], bob);
        Assert.Contains(refusing.Output, l => l.StartsWith("ALICE'S IDENTITY CHANGED since your last call (was ", StringComparison.Ordinal));
        Assert.Contains(refusing.Output, l => l.EndsWith("rejecting, since its identity changed", StringComparison.Ordinal));
        Assert.DoesNotContain(refusing.Output, l => l.StartsWith("in call with", StringComparison.Ordinal));
        Assert.Contains(impostor.Output, l => l.StartsWith("call with bob ended: rejected", StringComparison.Ordinal));
    }

    private static async Task<(ChildProcess Caller, ChildProcess Callee)> CallAsync(string[] alice, string[] bob)
    {
        await using var server = RunningSalaServer.Start(0, "--data-dir", "none");
        var callee = SalaProcess.Start(["client", "--name", "bob", "--server", server.Address, "--answer", "yes",
            "--mic", "tone:440", "--speaker", "null", "--exit-after-call", .. bob]);
        callee.WaitForLine(l => l.StartsWith("registered as bob", StringComparison.Ordinal));
        var caller = SalaProcess.Start(["client", "--name", "alice", "--server", server.Address, "--call", "bob",
            "--mic", "tone:880", "--speaker", "null", "--hangup-after", "1s", "--exit-after-call", .. alice]);
        await caller.WaitForExitAsync();
        await callee.WaitForExitAsync();
        await caller.DisposeAsync();
        await callee.DisposeAsync();
        return (caller, callee);
    }

    private static ChildProcess Client(RunningSalaServer server, string name, string[] identity) =>
        SalaProcess.Start(["client", "--name", name, "--server", server.Address, "--mic", "silence", "--speaker", "null",
            "--answer", "yes", "--exit-after-call", .. identity]);

    private static async Task RegisterAndLeaveAsync(RunningSalaServer server, string name, string[] identity)
    {
        await using var client = Client(server, name, identity);
        client.WaitForLine(l => l.StartsWith($"registered as {name}", StringComparison.Ordinal));
        client.Terminate();
        await client.WaitForExitAsync();
    }
}
