using System.Globalization;

namespace Sala.Benchmarks.Calls;

/// <summary>
/// The CPU time (user + system) of each live thread of this process, read from <c>/proc/self/task</c> (Linux), so a
/// call's CPU can be split by who spent it: the audio thread, the receive thread, the runtime's own threads.
/// </summary>
internal sealed class ThreadCpuTimes
{
    /// <summary>USER_HZ, which Linux fixes at 100 for /proc whatever the kernel's tick.</summary>
    private const double TicksPerSecond = 100;

    private readonly Dictionary<int, (string Name, long Ticks)> _threads;

    private ThreadCpuTimes(Dictionary<int, (string Name, long Ticks)> threads) => _threads = threads;

    public static ThreadCpuTimes Read()
    {
        var threads = new Dictionary<int, (string, long)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }
            // "tid (name) state ppid ...": the name may hold spaces and parentheses, so split at the last ')'.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            threads[int.Parse(stat[..open], CultureInfo.InvariantCulture)] = (stat[(open + 1)..close], ticks);
        }
        return new ThreadCpuTimes(threads);
    }

    /// <summary>CPU seconds spent since <paramref name="earlier"/> by each thread name, largest first; threads that ended meanwhile are not seen.</summary>
    public IEnumerable<(string Name, double Seconds)> Since(ThreadCpuTimes earlier) =>
        _threads
            .Select(t => (t.Value.Name, Ticks: t.Value.Ticks - (earlier._threads.TryGetValue(t.Key, out var e) && e.Name == t.Value.Name ? e.Ticks : 0)))
            .GroupBy(t => t.Name, t => t.Ticks)
            .Select(g => (g.Key, g.Sum() / TicksPerSecond))
            .Where(t => t.Item2 > 0)
            .OrderByDescending(t => t.Item2);
}
