using System.Diagnostics;
using System.Globalization;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// <c>call-cost [--seconds N]</c>: a two-way call on loopback between two processes (this program as
/// <c>call-cost-peer</c>), each saying looped speech. Prints each client's CPU time during the call as a share of
/// one core, the CPU time its codec alone needs for the same frames (measured right after, in the same process),
/// what the rest costs on top of the codec, and the bytes on the wire each way against the original's raw PCM.
/// </summary>
internal static class CallCostBench
{
    public const string Command = "call-cost";
    public const string PeerCommand = "call-cost-peer";

    /// <summary>The original sent raw 44.1 kHz 16-bit mono PCM.</summary>
    private const double OriginalKilobitsPerSecond = 705.6;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var seconds = args.Length == 2 && args[0] == "--seconds" ? args[1] : "60";
        using var callee = StartPeer(PeerCommand, "callee");
        var port = (await callee.StandardOutput.ReadLineAsync())!.Split(' ')[1];
        using var caller = StartPeer(PeerCommand, "caller", port, seconds);
        var callerLine = await ResultAsync(caller);
        var calleeLine = await ResultAsync(callee);
        output.WriteLine($"call-cost: {seconds} s two-way call on loopback, two processes, looped speech both ways, {callerLine[8]}");
        output.WriteLine("client   call s   CPU in call   share of a core   codec alone   rest on top of codec   sent kbit/s   vs 705.6 kbit/s PCM");
        foreach (var r in new[] { callerLine, calleeLine })
        {
            var wall = Parse(r[2]);
            var cpu = Parse(r[3]);
            var codec = Parse(r[4]);
            var sentKbit = Parse(r[5]) * 8 / 1000;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r[1],-7}  {wall,6:0.0}  {cpu * 1000,9:0} ms  {cpu / wall * 100,14:0.00} %  {codec * 1000,8:0} ms  {(cpu - codec) / codec * 100,19:0} %  {sentKbit,11:0.0}   {OriginalKilobitsPerSecond / sentKbit,6:0.0} times less"));
        }
        return 0;
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static async Task<string[]> ResultAsync(Process peer)
    {
        while (await peer.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("result ", StringComparison.Ordinal))
            {
                await peer.WaitForExitAsync();
                return line.Split(' ');
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
}
