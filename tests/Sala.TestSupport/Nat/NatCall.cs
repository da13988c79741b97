namespace Sala.Testing.Nat;

/// <summary>
/// One scripted call between two real <c>sala client</c> processes in lab namespaces: the callee answers with a
/// 440 Hz tone, the caller calls with an 880 Hz tone and hangs up after <see cref="HangUpAfter"/>; each records what
/// it heard. Every wait has a deadline, so a call that never connects fails in bounded time.
/// </summary>
public static class NatCall
{
    public const int CalleeTone = 440;
    public const int CallerTone = 880;
    public const string HangUpAfter = "3s";

    private static readonly TimeSpan RegisterDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CallerDeadline = TimeSpan.FromSeconds(20);

    /// <summary>How long the callee may take to exit once the caller has: it hears the hang-up at once.</summary>
    private static readonly TimeSpan CalleeDeadline = TimeSpan.FromSeconds(10);

    public static async Task<NatCallResult> RunAsync(
        LabRegistry registry, LabHost caller, string callerName, LabHost callee, string calleeName, string folder)
    {
        var calleeWav = Path.Combine(folder, calleeName + ".wav");
        var callerWav = Path.Combine(folder, callerName + ".wav");
        await using var calleeProcess = NatLab.StartSala(callee,
        [
            "client", "--name", calleeName, "--server", registry.Address, "--answer", "yes",
            "--mic", $"tone:{CalleeTone}", "--speaker", calleeWav, "--exit-after-call",
        ]);
        calleeProcess.WaitForLine(l => l.StartsWith($"registered as {calleeName}", StringComparison.Ordinal), RegisterDeadline);
        await using var callerProcess = NatLab.StartSala(caller,
        [
            "client", "--name", callerName, "--server", registry.Address, "--call", calleeName,
            "--mic", $"tone:{CallerTone}", "--speaker", callerWav, "--hangup-after", HangUpAfter, "--exit-after-call",
        ]);

        var callerExit = await callerProcess.WaitForExitAsync(CallerDeadline);
        int? calleeExit;
        try
        {
            calleeExit = await calleeProcess.WaitForExitAsync(CalleeDeadline);
        }
        catch (TimeoutException)
        {
            calleeProcess.Kill();
            calleeExit = null;
        }

        return new NatCallResult(
            callerExit, [.. callerProcess.Output], callerWav,
            calleeExit, [.. calleeProcess.Output], calleeWav,
            $"{callerProcess.Transcript}\n{calleeProcess.Transcript}");
    }
}
