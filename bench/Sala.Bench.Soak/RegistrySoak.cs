using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sala.Protocol.Registry;
using Sala.Registry;

namespace Sala.Bench.Soak;

/// <summary>
/// Register, look up and disconnect, over and over, on N connections at once (each cycle a new connection, as the
/// server closes it after DISCONNECT), against a registry in this process so its managed heap, sockets, threads and
/// live connections can be read exactly. Samples after a warm-up, at every fifth of the run, and once all is closed.
/// </summary>
internal static class RegistrySoak
{
    public static async Task<int> RunAsync(int cycles, int connections)
    {
        var store = new InMemoryRegistryStore();
        await using var server = new RegistryServer(
            new RegistryServerOptions { Bind = IPAddress.Loopback, Port = 0 }, store, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        server.Start();
        var endPoint = new IPEndPoint(IPAddress.Loopback, server.LocalEndPoint.Port);
        Console.WriteLine($"registry soak: {cycles} register/lookup/disconnect cycles over {connections} connections at once, .NET {Environment.Version}");

        var warmUp = Math.Max(connections, cycles / 10);
        await RunCyclesAsync(endPoint, warmUp, connections, "warm");
        await SettleAsync(server);
        var baseline = ProcessFigures.Take();
        Report("after warm-up", warmUp, baseline, server, store);

        var done = 0;
        var started = Stopwatch.GetTimestamp();
        var samples = new List<ProcessFigures>();
        for (var part = 1; part <= 5; part++)
        {
            var count = cycles / 5;
            await RunCyclesAsync(endPoint, count, connections, $"p{part}");
            done += count;
            await SettleAsync(server);
            var figures = ProcessFigures.Take();
            samples.Add(figures);
            Report($"after {done} cycles", done, figures, server, store);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var last = samples[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"registry soak: {done} cycles in {elapsed.TotalSeconds:0.0} s ({done / elapsed.TotalSeconds:0} cycles/s); growth from warm-up to end: " +
            $"managed {(last.ManagedBytes - baseline.ManagedBytes) / 1024.0:+0;-0} KiB, RSS {(last.ResidentBytes - baseline.ResidentBytes) / 1048576.0:+0.0;-0.0} MiB, " +
            $"sockets {last.Sockets - baseline.Sockets:+0;-0}, threads {last.Threads - baseline.Threads:+0;-0}; connections left {server.ConnectionCount}, users left {store.Count}"));
        return server.ConnectionCount == 0 && store.Count == 0 ? 0 : 1;
    }

    private static void Report(string when, int cycles, ProcessFigures figures, RegistryServer server, InMemoryRegistryStore store) =>
        Console.WriteLine($"  {when,-22} {figures}; server connections {server.ConnectionCount}, users {store.Count}");

    /// <summary>The server releases a closed connection's names and state asynchronously: wait until it has.</summary>
    private static async Task SettleAsync(RegistryServer server)
    {
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (server.ConnectionCount > 0 && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(10);
    }

    private static async Task RunCyclesAsync(IPEndPoint server, int cycles, int connections, string run)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var buffer = new byte[512];
            int i;
            while ((i = Interlocked.Increment(ref next)) < cycles)
            {
                var name = $"{run}u{i}";
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(server);
                var address = new IPAddress([10, 0, (byte)(i / 250 % 250), (byte)(i % 250 + 1)]);
                await ExpectAsync(socket, buffer, RegistryRequest.Register(name, address, 5000 + i % 1000),
                    reply => RegistryReplyParser.TryParseRegistered(reply, out var _));
                await ExpectAsync(socket, buffer, RegistryRequest.Get(name),
                    reply => RegistryReplyParser.TryParseFound(reply, out var found) && found.Name == name);
                await ExpectAsync(socket, buffer, RegistryRequest.Disconnect(name), RegistryReplyParser.IsDisconnected);
                if (await socket.ReceiveAsync(buffer, SocketFlags.None) != 0)
                    throw new InvalidOperationException("the server kept the connection open after OK BYE");
            }
        }));
    }

    private static async Task ExpectAsync(Socket socket, byte[] buffer, RegistryRequest request, ExpectedReply expected)
    {
        await socket.SendAsync(RegistryRequestWriter.ToLine(request), SocketFlags.None);
        var received = 0;
        int end;
        while ((end = Array.IndexOf(buffer, (byte)'\n', 0, received)) < 0)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None);
            if (n == 0)
                throw new IOException($"closed while waiting for the answer to {request.Command} {request.Name}");
            received += n;
        }
        if (!expected(buffer.AsSpan(0, end)))
            throw new InvalidOperationException($"{request.Command} {request.Name}: unexpected {Encoding.UTF8.GetString(buffer, 0, end)}");
    }

    private delegate bool ExpectedReply(ReadOnlySpan<byte> reply);
}
