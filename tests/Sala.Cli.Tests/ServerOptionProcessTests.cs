using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sala.Cli.Tests;

/// <summary>Each of <c>sala server</c>'s limits, given on its command line, changes what a client sees as README says.</summary>
public sealed class ServerOptionProcessTests
{
    [Fact]
    public async Task Max_connections_2_refuses_the_third_with_ERR_BUSY()
    {
        await using var server = Start("--max-connections", "2");
        using var first = await Connection.OpenAsync(server.Port);
        using var second = await Connection.OpenAsync(server.Port);
        Assert.Equal("PONG", await first.RequestAsync("PING"));
        Assert.Equal("PONG", await second.RequestAsync("PING"));

        using var third = await Connection.OpenAsync(server.Port);
        Assert.Equal("ERR BUSY too many connections (limit 2)", await third.ReadLineAsync());
        Assert.Null(await third.ReadLineAsync());
        Assert.Equal("PONG", await first.RequestAsync("PING"));
    }

    [Fact]
    public async Task Max_connections_per_address_1_refuses_a_second_from_the_same_address()
    {
        await using var server = Start("--max-connections-per-address", "1");
        using var first = await Connection.OpenAsync(server.Port);
        Assert.Equal("PONG", await first.RequestAsync("PING"));

        using var second = await Connection.OpenAsync(server.Port);
        Assert.Equal("ERR BUSY too many connections from 127.0.0.1 (limit 1)", await second.ReadLineAsync());
        Assert.Null(await second.ReadLineAsync());
    }

    [Fact]
    public async Task Request_rate_and_burst_limit_a_connection_and_answer_the_excess_RATE_LIMITED()
    {
        await using var server = Start("--request-rate", "1", "--request-burst", "3");
        using var client = await Connection.OpenAsync(server.Port);

        // Five requests in one write: the burst of three is answered, the rest refused (one token a second comes back).
        await client.WriteAsync("PING\nPING\nPING\nPING\nPING\n");
        var replies = new List<string?>();
        for (var i = 0; i < 5; i++)
            replies.Add(await client.ReadLineAsync());
        Assert.Equal(["PONG", "PONG", "PONG"], replies[..3]);
        Assert.All(replies[3..], r => Assert.StartsWith("ERR RATE_LIMITED", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Line_timeout_closes_a_connection_that_leaves_a_line_unfinished()
    {
        await using var server = Start("--line-timeout", "1s");
        using var finished = await Connection.OpenAsync(server.Port);
        using var unfinished = await Connection.OpenAsync(server.Port);
        Assert.Equal("PONG", await unfinished.RequestAsync("PING"));

        await unfinished.WriteAsync("PIN");
        Assert.Null(await unfinished.ReadUntilClosedAsync());
        // A connection with no line begun is left alone by this limit.
        Assert.Equal("PONG", await finished.RequestAsync("PING"));
    }

    [Fact]
    public async Task Idle_timeout_closes_a_connection_that_sends_nothing()
    {
        await using var server = Start("--idle-timeout", "1s");
        using var idle = await Connection.OpenAsync(server.Port);
        Assert.Equal("PONG", await idle.RequestAsync("PING"));

        Assert.Null(await idle.ReadUntilClosedAsync());
    }

    private static RunningSalaServerWithOptions Start(params string[] options) => RunningSalaServerWithOptions.Start(options);

    private sealed class RunningSalaServerWithOptions : IAsyncDisposable
    {
        private readonly ChildProcess _process;

        private RunningSalaServerWithOptions(ChildProcess process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public static RunningSalaServerWithOptions Start(string[] options)
        {
            var process = SalaProcess.Start(["server", "--port", "0", "--bind", "127.0.0.1", .. options]);
            var first = process.NextLine() ?? throw new InvalidOperationException($"the server printed nothing; {process.Transcript}");
            return new RunningSalaServerWithOptions(process, int.Parse(first[(first.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        }

        public ValueTask DisposeAsync() => _process.DisposeAsync();
    }

    private sealed class Connection : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly StreamReader _reader;

        private Connection(TcpClient tcp)
        {
            _tcp = tcp;
            _reader = new StreamReader(tcp.GetStream(), Encoding.UTF8);
        }

        public static async Task<Connection> OpenAsync(int port)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return new Connection(tcp);
        }

        public Task WriteAsync(string text) => _tcp.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        public async Task<string?> RequestAsync(string line)
        {
            await WriteAsync(line + "\n");
            return await ReadLineAsync();
        }

        public async Task<string?> ReadLineAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await _reader.ReadLineAsync(timeout.Token);
        }

        /// <summary>
        /// Whatever the server says before it closes the connection, then null. The deadline, 8 s, is generous for the
        /// 1 s limits the tests set, and short of the defaults (10 s, 60 s), so only the option given can close it.
        /// </summary>
        public async Task<string?> ReadUntilClosedAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
            try
            {
                while (await _reader.ReadLineAsync(timeout.Token) is not null)
                {
                }
            }
            catch (IOException)
            {
                // A reset is a close too.
            }
            return null;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _tcp.Dispose();
        }
    }
}
