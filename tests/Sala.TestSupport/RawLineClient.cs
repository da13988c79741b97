using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sala.Testing;

/// <summary>
/// A client that knows nothing of Sala's code: it speaks the MISSION.md text protocol over a plain TCP socket, as
/// a client written by someone else would.
/// </summary>
public sealed class RawLineClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RawLineClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    public static async Task<RawLineClient> ConnectAsync(IPEndPoint server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        return new RawLineClient(tcp);
    }

    /// <summary>Wraps a connection made elsewhere (from a chosen source address, for one).</summary>
    public static RawLineClient From(TcpClient tcp) => new(tcp);

    public Task SendAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The next line, or null once the server has closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await _reader.ReadLineAsync(timeout.Token);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async Task<string?> RequestAsync(string line)
    {
        await SendAsync(line);
        return await ReadLineAsync();
    }

    /// <summary>Sends every line in one write, then reads one reply line per line sent.</summary>
    public async Task<List<string?>> PipelineAsync(IEnumerable<string> lines)
    {
        var all = lines.ToList();
        await SendRawAsync(Encoding.UTF8.GetBytes(string.Concat(all.Select(l => l + "\n"))));
        var replies = new List<string?>();
        foreach (var _ in all)
            replies.Add(await ReadLineAsync());
        return replies;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
