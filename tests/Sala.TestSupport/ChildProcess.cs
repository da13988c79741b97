using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Sala.Testing;

/// <summary>
/// A program run for a test, its standard output collected line by line and its stderr kept for messages. One copy
/// for every test project that runs programs (in Sala.TestSupport), sala itself through <see cref="StartDotnet"/>.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly ConcurrentQueue<string> _all = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private string? _home;

    private ChildProcess(Process process, string description, bool errorsAsLines)
    {
        _process = process;
        Description = description;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.CompleteAdding();
                return;
            }

            _all.Enqueue(e.Data);
            _lines.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            _errors.Enqueue(e.Data);
            if (errorsAsLines && !_lines.IsAddingCompleted)
                _lines.Add(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Description { get; }

    public IReadOnlyCollection<string> Output => _all;

    public IReadOnlyCollection<string> Errors => _errors;

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Everything it printed, for assertion messages.</summary>
    public string Transcript => $"{Description}: stdout [{string.Join(" | ", _all)}] stderr [{string.Join(" | ", _errors)}]";

    /// <summary>
    /// Starts <paramref name="program"/>; a program that is not installed fails the test with what to install. With
    /// <paramref name="errorsAsLines"/>, stderr lines can be awaited too (daemons that log there).
    /// </summary>
    public static ChildProcess Start(
        string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, bool errorsAsLines = false)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var description = $"{program} {string.Join(' ', info.ArgumentList)}";
        try
        {
            return new ChildProcess(Process.Start(info)!, description, errorsAsLines);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"cannot run {program} ({e.Message}): run ./test.sh, which installs what tests/env/*.sh list", e);
        }
    }

    /// <summary>
    /// Runs a built .NET program of the test's output folder (sala.dll, Sala.Audio.TestHost.dll) with a home of its own
    /// for what it keeps between runs (XDG_CONFIG_HOME: a client's identity key; XDG_STATE_HOME: a server's name
    /// claims), removed when it is disposed, unless <paramref name="environment"/> names them: each process is a new
    /// user and a new server, as on separate machines, and nothing is left in the machine's own home.
    /// </summary>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        StartWithHome("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, dll) }.Concat(args), environment);

    /// <summary>Starts <paramref name="program"/> (sala itself, or a wrapper such as <c>ip netns exec</c>) with a home of its own, as <see cref="StartDotnet"/>.</summary>
    public static ChildProcess StartWithHome(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        // A test that gives the process a HOME of its own (PulseAudioServer: libpulse keeps its cookie there) keeps the
        // usual places under it; libpulse reads XDG_CONFIG_HOME too, so moving that elsewhere would lose the cookie.
        var givenHome = environment?.GetValueOrDefault("HOME");
        var home = givenHome is null ? Path.Combine(Path.GetTempPath(), "sala-home-" + Guid.NewGuid().ToString("N")[..12]) : null;
        var withHome = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["XDG_CONFIG_HOME"] = environment?.GetValueOrDefault("XDG_CONFIG_HOME") ?? Path.Combine(givenHome ?? home!, givenHome is null ? "config" : ".config"),
            ["XDG_STATE_HOME"] = environment?.GetValueOrDefault("XDG_STATE_HOME") ?? Path.Combine(givenHome ?? home!, givenHome is null ? "state" : ".local/state"),
        };
        var process = Start(program, args, withHome);
        process._home = home;
        return process;
    }

    /// <summary>The next line of standard output, or null when the program closed it; fails on the deadline (20 s).</summary>
    public string? NextLine(TimeSpan? within = null)
    {
        var wait = within ?? TimeSpan.FromSeconds(20);
        if (_lines.TryTake(out var line, wait))
            return line;
        return _lines.IsCompleted ? null : throw new TimeoutException($"no output within {wait.TotalSeconds:0.#} s; {Transcript}");
    }

    /// <summary>Reads lines until one satisfies <paramref name="match"/>; fails on end of output or deadline (30 s).</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan? within = null)
    {
        var wait = within ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
            {
                if (_lines.IsCompleted)
                    throw new InvalidOperationException($"output ended without the line awaited; {Transcript}");
                throw new TimeoutException($"no matching line within {wait.TotalSeconds:0.#} s; {Transcript}");
            }

            if (match(line))
                return line;
        }
    }

    public string WaitForLineStartingWith(string prefix, TimeSpan within) =>
        WaitForLine(l => l.StartsWith(prefix, StringComparison.Ordinal), within);

    public void SendLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Asks it to stop with SIGTERM, as a user or init would.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills it at once (SIGKILL), and waits until it is gone: it gets no chance to say goodbye to anyone.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? within = null)
    {
        var wait = within ?? TimeSpan.FromSeconds(30);
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"still running after {wait.TotalSeconds:0.#} s; {Transcript}");
        }

        // The asynchronous readers may still be delivering the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _lines.Dispose();
        if (_home is not null && Directory.Exists(_home))
            Directory.Delete(_home, recursive: true);
    }
}
