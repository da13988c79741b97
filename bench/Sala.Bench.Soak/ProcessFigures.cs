using System.Globalization;

namespace Sala.Bench.Soak;

/// <summary>This process as the kernel and the runtime see it, for spotting growth between samples.</summary>
internal sealed record ProcessFigures(long ManagedBytes, long ResidentBytes, int Sockets, int Threads, long PendingWorkItems)
{
    /// <summary>After a full, compacting collection, so the managed figure is what is still reachable.</summary>
    public static ProcessFigures Take()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        long resident = 0;
        var threads = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                resident = long.Parse(line["VmRSS:".Length..^"kB".Length].Trim(), CultureInfo.InvariantCulture) * 1024;
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        var sockets = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:", StringComparison.Ordinal))
                sockets++;
        }
        return new ProcessFigures(managed, resident, sockets, threads, ThreadPool.PendingWorkItemCount);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"managed {ManagedBytes / 1024.0:0} KiB, RSS {ResidentBytes / 1048576.0:0.0} MiB, sockets {Sockets}, threads {Threads}, queued work items {PendingWorkItems}");
}
