using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Sala.Bench.Load;

/// <summary>
/// The real <c>sala server</c> (in-memory store, --quiet) as a child process, so the registry is measured as it ships
/// and, like redis-server, apart from the load's own process.
/// </summary>
internal sealed class SalaServerProcess : IDisposable
{
    private const string Listening = "Sala registry listening on ";

    private readonly Process _process;

    private SalaServerProcess(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The server's process, for its CPU time (<see cref="ProcessCpu"/>).</summary>
    public int ProcessId => _process.Id;

    public static SalaServerProcess Start(params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "sala.dll"), "server", "--bind", "127.0.0.1", "--port", "0", "--quiet",
                     // The load measures the server, not its abuse limits: one connection sends thousands of GETs a second.
                     "--request-rate", "0", "--max-connections", "0", "--max-connections-per-address", "0" }.Concat(extraArgs))
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var line = process.StandardOutput.ReadLine() ?? "";
        if (!line.StartsWith(Listening, StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"sala server did not start: {line}");
        }
        // "Sala registry listening on ADDRESS:PORT", and " (TLS)" after it on a TLS port.
        var address = line[Listening.Length..].Split(' ')[0];
        var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        return new SalaServerProcess(process, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>The server's resident memory (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..^"kB".Length].Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
