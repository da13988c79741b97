using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Sala.Bench.Load;

/// <summary>
/// What a <c>sala server</c> spends on connections that stay registered: N connections, each registering one user,
/// opened a few at a time, then the server's resident memory (VmRSS) before and after, printed per connection.
/// </summary>
internal static class HeldRegistrations
{
    /// <summary>
    /// Opens <paramref name="hold"/> connections through <paramref name="connectAndRegister"/> (given the connection's
    /// number and its loopback source address), <paramref name="concurrency"/> at a time, prints the memory line under
    /// <paramref name="label"/>, and returns them, still open.
    /// </summary>
    public static async Task<T[]> HoldAsync<T>(
        SalaServerProcess server, int hold, int concurrency, string label, Func<int, IPAddress, Task<T>> connectAndRegister)
    {
        var idle = server.ResidentBytes();
        var held = new T[hold];
        var started = Stopwatch.GetTimestamp();
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(0, hold).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                // Spread over several loopback source addresses, so ephemeral ports never run short.
                held[i] = await connectAndRegister(i, IPAddress.Parse($"127.0.0.{2 + i % 8}"));
            }
            finally
            {
                gate.Release();
            }
        }));
        var registering = Stopwatch.GetElapsedTime(started);
        // Let the server settle (its GC, the pools) before reading its memory.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var holding = server.ResidentBytes();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {hold} connections registered in {registering.TotalSeconds:0.0} s; sala server RSS " +
            $"{idle / 1048576.0:0.0} MiB idle, {holding / 1048576.0:0.0} MiB holding them: " +
            $"{(holding - idle) / 1024.0 / hold:0.00} kB per registered connection"));
        return held;
    }
}
