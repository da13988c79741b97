using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sala.Bench.Load;

/// <summary>A redis-server on a free loopback port, without persistence, killed when disposed.</summary>
internal sealed class RedisServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServerProcess(Process process, string directory, IPEndPoint endPoint)
    {
        _process = process;
        _directory = directory;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The server's process, for its CPU time (<see cref="ProcessCpu"/>).</summary>
    public int ProcessId => _process.Id;

    public static async Task<RedisServerProcess> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var directory = Directory.CreateTempSubdirectory("sala-bench-redis-").FullName;
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = directory };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
            info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server), or pass --redis HOST:PORT", ex);
        }
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var redis = new RedisServerProcess(process, directory, new IPEndPoint(IPAddress.Loopback, port));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var connection = await LoadConnection.ConnectAsync(redis.EndPoint);
                await connection.RequestOkAsync("PING\r\n"u8.ToArray());
                return redis;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
