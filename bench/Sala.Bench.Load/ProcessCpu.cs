using System.Globalization;

namespace Sala.Bench.Load;

/// <summary>
/// The CPU time a process has used so far (user and system, all its threads), from <c>/proc/PID/stat</c>: what a
/// server spends per request, next to another server's under the same load, whatever else shares the machine.
/// </summary>
internal static class ProcessCpu
{
    /// <summary>USER_HZ: /proc counts CPU time in ticks of 1/100 s on Linux.</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
