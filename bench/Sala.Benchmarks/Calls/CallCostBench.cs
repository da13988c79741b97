using System.Diagnostics;
using System.Globalization;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// <c>call-cost [--seconds N]</c>: a two-way call on loopback between two processes (this program as
/// <c>call-cost-peer</c>), each saying looped speech. Prints each client's CPU time during the call as a share of
/// one core; the CPU time its codec alone needs for the same frames (measured right after, in the same process),
/// back to back and paced at one frame every 20 ms as a real-time program runs it; what the rest costs on top of
/// each; where the CPU went by thread; and the bytes on the wire each way against the original's raw PCM.
/// </summary>
internal static class CallCostBench
{
    public const string Command = "call-cost";
    public const string PeerCommand = "call-cost-peer";

    /// <summary>The original sent raw 44.1 kHz 16-bit mono PCM.</summary>
    private const double OriginalKilobitsPerSecond = 705.6;

    public static async Task<int> RunAsync(int seconds, TextWriter output)
    {
        var length = seconds.ToString(CultureInfo.InvariantCulture);
        using var callee = StartPeer(PeerCommand, "callee", "--seconds", length);
        var port = (await callee.StandardOutput.ReadLineAsync())!.Split(' ')[1];
        using var caller = StartPeer(PeerCommand, "caller", "--port", port, "--seconds", length);
        var callerReport = await ReportAsync(caller);
        var calleeReport = await ReportAsync(callee);
        output.WriteLine($"call-cost: {seconds} s two-way call on loopback, two processes, looped speech both ways, {callerReport.Result[9]}");
        output.WriteLine("client   call s   CPU in call   share of a core   codec back to back   rest on top   codec paced   rest on top   rest on top, last 2/3   sent kbit/s   vs 705.6 kbit/s PCM");
        foreach (var r in new[] { callerReport.Result, calleeReport.Result })
        {
            var wall = Parse(r[2]);
            var cpu = Parse(r[3]);
            var codec = Parse(r[4]);
            var paced = Parse(r[5]);
            var sentKbit = Parse(r[6]) * 8 / 1000;
            var steadyCpu = Parse(r[10]);
            var steadyPaced = paced * Parse(r[11]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r[1],-7}  {wall,6:0.0}  {cpu * 1000,9:0} ms  {cpu / wall * 100,14:0.00} %  {codec * 1000,17:0} ms  {Percent(cpu, codec),9:0} %  {paced * 1000,8:0} ms  {Percent(cpu, paced),9:0} %  {Percent(steadyCpu, steadyPaced),19:0} %  {sentKbit,11:0.0}   {OriginalKilobitsPerSecond / sentKbit,6:0.0} times less"));
        }
        output.WriteLine("where the CPU went, from connected to half a second before the end (ms; threads that ended before are not listed):");
        foreach (var report in new[] { callerReport, calleeReport })
            output.WriteLine($"{report.Result[1],-7}  {string.Join(", ", report.Threads)}; compiling methods (JIT, any thread, whole call) {report.Compiling} ms");
        return 0;
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static double Percent(double total, double baseline) => (total - baseline) / baseline * 100;

    private static async Task<PeerReport> ReportAsync(Process peer)
    {
        var threads = new List<string>();
        var compiling = "";
        while (await peer.StandardOutput.ReadLineAsync() is { } line)
        {
            var fields = line.Split(' ', 4);
            switch (fields[0])
            {
                case "thread":
                    threads.Add($"{fields[3]} {fields[2]}");
                    break;
                case "compiling":
                    compiling = fields[2];
                    break;
                case "result":
                    await peer.WaitForExitAsync();
                    return new PeerReport(line.Split(' '), threads, compiling);
            }
        }
        throw new InvalidOperationException($"a peer exited without a result: {await peer.StandardError.ReadToEndAsync()}");
    }

    private static Process StartPeer(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Run as `dotnet Sala.Benchmarks.dll`, the host is dotnet: hand it the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(CallCostBench).Assembly.Location);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    private sealed record PeerReport(string[] Result, List<string> Threads, string Compiling);
}
