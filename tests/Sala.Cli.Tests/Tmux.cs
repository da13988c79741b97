using System.Diagnostics;

namespace Sala.Cli.Tests;

/// <summary>A private tmux server (its own socket): real pseudo-terminals to type into and read the screen of.</summary>
internal sealed class Tmux : IDisposable
{
    private readonly string _socket = "sala-test-" + Guid.NewGuid().ToString("N")[..8];

    public void Start(string session, string command) =>
        Run("new-session", "-d", "-s", session, "-x", "120", "-y", "45", command);

    public void Keys(string session, params string[] keys) => Run(["send-keys", "-t", session, .. keys]);

    public string Screen(string session) => Run("capture-pane", "-p", "-J", "-S", "-200", "-t", session);

    public bool IsRunning(string session)
    {
        using var process = Launch("has-session", "-t", session);
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    public async Task WaitForAsync(string session, string text, int occurrence = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var screen = Screen(session);
            if (Count(screen, text) >= occurrence)
                return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"'{text}' never appeared in {session}; the screen shows:\n{screen}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public async Task WaitForExitAsync(string session)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (IsRunning(session))
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{session} did not exit");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public void Dispose()
    {
        using var process = Launch("kill-server");
        process.WaitForExit();
    }

    private string Run(params string[] arguments)
    {
        using var process = Launch(arguments);
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }

    private Process Launch(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"tmux is required for the terminal smoke test (Debian package tmux, see tests/env/terminal.sh): {e.Message}", e);
        }
    }

    private static int Count(string screen, string text)
    {
        var count = 0;
        for (var at = screen.IndexOf(text, StringComparison.Ordinal); at >= 0; at = screen.IndexOf(text, at + text.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
