using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sala.Cli.Tests;

/// <summary>The built <c>sala.dll</c> run as a child process, its output collected line by line.</summary>
internal sealed class SalaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly ConcurrentQueue<string> _all = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private SalaProcess(Process process)
    {
        _process = process;
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
            if (e.Data is not null)
                _errors.Enqueue(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public IReadOnlyCollection<string> Output => _all;

    public IReadOnlyCollection<string> Errors => _errors;

    public static SalaProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static SalaProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sala.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        return new SalaProcess(Process.Start(info)!);
    }

    /// <summary>The next line of standard output, or null when the process closed it.</summary>
    public string? NextLine(TimeSpan? within = null)
    {
        try
        {
            return _lines.TryTake(out var line, within ?? TimeSpan.FromSeconds(20)) ? line : throw new TimeoutException(
                $"no output within the deadline; stderr: {string.Join(" | ", _errors)}");
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Reads lines until one satisfies <paramref name="match"/>; fails on end of output or deadline.</summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"no matching line; output so far: {string.Join(" | ", _all)}; stderr: {string.Join(" | ", _errors)}");
            var line = NextLine(left) ?? throw new InvalidOperationException(
                $"output ended; output: {string.Join(" | ", _all)}; stderr: {string.Join(" | ", _errors)}");
            if (match(line))
                return line;
        }
    }

    public void SendLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the process gets no chance to say goodbye to anyone.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
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
    }
}
