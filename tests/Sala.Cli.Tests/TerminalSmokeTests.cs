namespace Sala.Cli.Tests;

/// <summary>Two people at two real terminals (tmux panes), typing as a person would.</summary>
public sealed class TerminalSmokeTests
{
    [Fact]
    public async Task Register_list_call_accept_watch_hang_up_and_disconnect_in_real_terminals()
    {
        await using var server = RunningSalaServer.Start();
        using var tmux = new Tmux();
        using var folder = new TempFolder();
        // Identities of their own, in the test's folder: not the machine's user's.
        var sala = $"env XDG_CONFIG_HOME={folder.Path} dotnet {Path.Combine(AppContext.BaseDirectory, "sala.dll")} client --server {server.Address} --speaker null";
        tmux.Start("bob", $"{sala} --name bob --mic tone:440");
        tmux.Start("alice", $"{sala} --mic tone:880");
        await tmux.WaitForAsync("alice", "Your name:");
        tmux.Keys("alice", "alice", "Enter");
        await tmux.WaitForAsync("alice", "registered as alice");
        await tmux.WaitForAsync("bob", "registered as bob");

        tmux.Keys("alice", "1", "Enter");
        await tmux.WaitForAsync("alice", "1. bob");
        tmux.Keys("alice", "1", "Enter");
        await tmux.WaitForAsync("bob", "incoming call from alice");
        tmux.Keys("bob", "y");
        await tmux.WaitForAsync("alice", "call with bob");
        await tmux.WaitForAsync("alice", "round trip");
        await tmux.WaitForAsync("bob", "encrypted");

        tmux.Keys("alice", "m");
        await tmux.WaitForAsync("alice", "MUTED");
        tmux.Keys("alice", "h");
        await tmux.WaitForAsync("alice", "call with bob ended: you hung up");
        await tmux.WaitForAsync("bob", "call with alice ended: hung up by the other side");

        tmux.Keys("alice", "0", "Enter");
        tmux.Keys("bob", "0", "Enter");
        await tmux.WaitForExitAsync("alice");
        await tmux.WaitForExitAsync("bob");
        Assert.Empty(await server.ListAsync());
    }
}
