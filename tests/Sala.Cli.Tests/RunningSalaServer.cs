using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sala.Cli.Tests;

/// <summary><c>sala server --port 0</c> as a child process, with the port it printed.</summary>
internal sealed class RunningSalaServer : IAsyncDisposable
{
    private RunningSalaServer(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Port 0 picks a free one; a given port restarts a registry where its clients knew it.</summary>
    public static RunningSalaServer Start(int listenPort = 0, params string[] options)
    {
        var process = SalaProcess.Start(["server", "--port", listenPort.ToString(CultureInfo.InvariantCulture), .. options]);
        var first = process.NextLine() ?? throw new InvalidOperationException("the server printed nothing");
        // "Sala registry listening on ADDRESS:PORT", and " (TLS)" after it on a TLS port.
        var address = first.Split(' ')[4];
        var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        return new RunningSalaServer(process, port);
    }

    /// <summary>The registry's LIST, asked over a raw connection.</summary>
    public async Task<string[]> ListAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        using var reader = new StreamReader(tcp.GetStream(), Encoding.UTF8);
        await tcp.GetStream().WriteAsync("LIST\n"u8.ToArray());
        var header = await reader.ReadLineAsync() ?? "";
        var count = int.Parse(header["OK ".Length..], CultureInfo.InvariantCulture);
        var users = new string[count];
        for (var i = 0; i < count; i++)
            users[i] = await reader.ReadLineAsync() ?? "";
        return users;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
