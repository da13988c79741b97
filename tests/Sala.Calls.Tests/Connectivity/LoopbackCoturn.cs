using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sala.Calls.Connectivity;
using Sala.Protocol.Registry;

namespace Sala.Calls.Tests.Connectivity;

/// <summary>
/// A real coturn on 127.0.0.1 (Debian's coturn, installed by tests/env/nat.sh), with the TURN REST API secret as the
/// registry hands it out, and loopback peers allowed so a test's sockets can stand for the other side.
/// </summary>
internal sealed class LoopbackCoturn : IAsyncDisposable
{
    private const string Secret = "loopback-secret";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(15);

    private readonly ChildProcess _process;
    private readonly string _folder;

    private LoopbackCoturn(ChildProcess process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    public static LoopbackCoturn Start()
    {
        var port = FreeUdpPort();
        var folder = Directory.CreateTempSubdirectory("sala-coturn-").FullName;
        // coturn prints its "UDP listener opened" lines only with -v: the readiness signal awaited here.
        var process = ChildProcess.Start("turnserver",
        [
            "-n", "-v", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
            "--listening-port", port.ToString(CultureInfo.InvariantCulture), "--allow-loopback-peers",
            "--realm", "sala", "--use-auth-secret", $"--static-auth-secret={Secret}",
            "--no-tls", "--no-dtls", "--no-tcp", "--no-cli", "--log-file", "stdout", "--simple-log",
            "--pidfile", Path.Combine(folder, "turnserver.pid"),
        ]);
        var coturn = new LoopbackCoturn(process, folder, port);
        process.WaitForLine(l => l.Contains($"UDP listener opened on: 127.0.0.1:{port}", StringComparison.Ordinal), StartDeadline);
        return coturn;
    }

    /// <summary>Credentials as the registry's TURN request gives them; a wrong secret gives ones coturn refuses.</summary>
    public TurnServer Credentials(string user, string secret = Secret)
    {
        var username = TurnRestCredentials.Username(DateTimeOffset.UtcNow.AddHours(1), user);
        return new TurnServer("127.0.0.1", EndPoint.Port, username, TurnRestCredentials.Password(secret, username));
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
