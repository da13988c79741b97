using System.ComponentModel;
using System.Diagnostics;

namespace Sala.Cli.Tests.Metrics;

/// <summary>Prometheus's own checker (Debian's <c>prometheus</c> package, which ./test.sh installs): fails loudly when missing.</summary>
internal static class Promtool
{
    /// <summary><c>promtool check metrics</c> on <paramref name="exposition"/>: its exit code and everything it said.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var info = new ProcessStartInfo("promtool")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"cannot run promtool ({e.Message}): run ./test.sh, which installs Debian's prometheus package (tests/env/metrics.sh)", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(exposition);
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, (await output) + (await errors));
        }
    }
}
