using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sala.Cli.Tests;

/// <summary><c>sala server</c> as a person runs it, spoken to by a client that only knows the wire protocol.</summary>
public sealed partial class ServerProcessTests
{
    [GeneratedRegex(@"^Sala registry listening on (\d+\.\d+\.\d+\.\d+):(\d+)$")]
    private static partial Regex ListeningLine();

    [Fact]
    public async Task Server_prints_its_ipv4_address_and_port_first_and_answers_every_protocol_row()
    {
        await using var server = SalaProcess.Start("server", "--port", "0");
        var first = server.NextLine();
        var match = ListeningLine().Match(first ?? "");
        Assert.True(match.Success, $"first line was: {first}");
        Assert.True(IPAddress.TryParse(match.Groups[1].Value, out _));
        var port = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var loops = Sala.Registry.RegistryServerOptions.DefaultPollThreads;
        server.WaitForLine(l => l == $"Sala registry serving connections on {loops} poll loop{(loops == 1 ? "" : "s")}");

        using var alice = await LineSocket.ConnectAsync(port);
        using var bob = await LineSocket.ConnectAsync(port);
        Assert.Equal("OK REGISTERED alice", await alice.RequestAsync("REGISTER alice 192.168.1.20 5000"));
        Assert.Equal("ERR NAME_TAKEN Alice", await bob.RequestAsync("REGISTER Alice 192.168.1.21 5001"));
        Assert.Equal("OK alice 192.168.1.20 5000", await bob.RequestAsync("GET ALICE"));
        Assert.Equal("ERR NOT_FOUND carol", await bob.RequestAsync("GET carol"));
        Assert.Equal("OK 1", await bob.RequestAsync("LIST"));
        Assert.Equal("alice 192.168.1.20 5000", await bob.ReadLineAsync());
        Assert.Equal("PONG", await bob.RequestAsync("PING"));
        Assert.StartsWith("ERR BAD_REQUEST ", await bob.RequestAsync("HELLO"), StringComparison.Ordinal);
        Assert.Equal("ERR NOT_OWNER alice", await bob.RequestAsync("DISCONNECT alice"));
        Assert.Equal("OK BYE", await alice.RequestAsync("DISCONNECT alice"));
        Assert.Null(await alice.ReadLineAsync());
        Assert.Equal("ERR NOT_FOUND alice", await bob.RequestAsync("GET alice"));

        server.WaitForLine(l => l.EndsWith(" unregistered alice", StringComparison.Ordinal));
        server.Terminate();
        server.WaitForLine(l => l == "Sala registry stopped");
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    [Fact]
    public async Task Server_with_log_format_json_writes_only_json_objects_one_a_line()
    {
        await using var server = SalaProcess.Start("server", "--port", "0", "--log-format", "json", "--log-level", "debug");
        var first = JsonDocument.Parse(server.NextLine() ?? "{}").RootElement;
        var listening = first.GetProperty("message").GetString() ?? "";
        Assert.StartsWith("Sala registry listening on ", listening, StringComparison.Ordinal);
        var port = int.Parse(listening[(listening.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        using (var alice = await LineSocket.ConnectAsync(port))
        {
            Assert.Equal("PONG", await alice.RequestAsync("PING"));
            Assert.Equal("OK REGISTERED alice", await alice.RequestAsync("REGISTER alice 127.0.0.1 5000"));
            Assert.Equal("OK BYE", await alice.RequestAsync("DISCONNECT alice"));
        }
        server.WaitForLine(l => l.Contains("\"event\":\"Unregistered\"", StringComparison.Ordinal));
        server.Terminate();
        server.WaitForLine(l => l.Contains("Sala registry stopped", StringComparison.Ordinal));
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.All(server.Output, l => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(l).RootElement.ValueKind));
        Assert.Contains(server.Output, l => l.Contains("\"level\":\"Debug\"", StringComparison.Ordinal) && l.Contains("PING", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_refuses_a_bad_option_with_one_line()
    {
        await using var server = SalaProcess.Start("server", "--bind", "not-an-address");
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Equal(["sala server: --bind: 'not-an-address' is not an IP address"], server.Errors);
    }

    [Fact]
    public async Task A_port_that_is_not_a_number_is_one_line_naming_the_option_and_exit_2_not_a_stack_trace()
    {
        await using var server = SalaProcess.Start("server", "--port", "abc");
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Equal(["sala server: --port: 'abc' is not a port from 0 to 65535"], server.Errors);
        Assert.Empty(server.Output);
    }

    private sealed class LineSocket : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly StreamReader _reader;

        private LineSocket(TcpClient tcp)
        {
            _tcp = tcp;
            _reader = new StreamReader(tcp.GetStream(), Encoding.UTF8);
        }

        public static async Task<LineSocket> ConnectAsync(int port)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return new LineSocket(tcp);
        }

        public async Task<string?> RequestAsync(string line)
        {
            await _tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
            return await ReadLineAsync();
        }

        public async Task<string?> ReadLineAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _reader.ReadLineAsync(timeout.Token);
        }

        public void Dispose()
        {
            _reader.Dispose();
            _tcp.Dispose();
        }
    }
}
