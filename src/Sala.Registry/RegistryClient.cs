using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// Talks to a registry server over one TCP connection: one request at a time, each with a timeout, and a PING
/// whenever the connection has been quiet for <see cref="RegistryClientOptions.KeepAliveInterval"/>.
/// </summary>
public sealed class RegistryClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly RegistryClientOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly ITimer _keepAlive;
    private bool _disposed;
    private string? _broken;

    private RegistryClient(Socket socket, RegistryAddress server, RegistryClientOptions options, TimeProvider time)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        _options = options;
        _time = time;
        Server = server;
        _keepAlive = time.CreateTimer(_ => _ = KeepAliveAsync(), null, options.KeepAliveInterval, options.KeepAliveInterval);
    }

    public RegistryAddress Server { get; }

    /// <summary>The local address of the connection: the address the server sees this client on.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static async Task<RegistryClient> ConnectAsync(
        RegistryAddress server, RegistryClientOptions? options = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= new RegistryClientOptions();
        time ??= TimeProvider.System;
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, linked.Token);
            return new RegistryClient(socket, server, options, time);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            var cause = ex is SocketException se ? Describe(se) : $"no answer within {options.ConnectTimeout.TotalSeconds:0.#} s";
            throw new RegistryUnavailableException($"cannot reach the registry at {server}: {cause}", ex);
        }
    }

    public async Task<RegisterOutcome> RegisterAsync(string name, IPAddress address, int port, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var reply = await RequestAsync($"REGISTER {name} {address} {port.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        if (reply.IsOk && reply.Fields is ["REGISTERED", _])
            return RegisterOutcome.Registered;
        if (reply.ErrorCode == RegistryErrorCode.NameTaken)
            return RegisterOutcome.NameTaken;
        throw Unexpected(reply);
    }

    /// <summary>The user's registration, or null when nobody by that name (in any letter case) is registered.</summary>
    public async Task<Registration?> LookupAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync($"GET {name}", cancellationToken);
        if (reply.ErrorCode == RegistryErrorCode.NotFound)
            return null;
        if (reply.IsOk && TryEntry(reply.Fields, out var registration))
            return registration;
        throw Unexpected(reply);
    }

    public async Task<IReadOnlyList<Registration>> ListAsync(CancellationToken cancellationToken = default)
    {
        var (refused, users) = await ExchangeAsync<(RegistryReplyLine?, IReadOnlyList<Registration>)>("LIST", async token =>
        {
            var header = await ReceiveAsync(token);
            // A refusal is one line, so the connection stays in step: it is thrown once the exchange is over.
            if (header.ErrorCode == RegistryErrorCode.Unavailable)
                return (header, []);
            if (!header.IsOk || header.Fields.Count != 1 || !int.TryParse(header.Fields[0], CultureInfo.InvariantCulture, out var count))
                throw Unexpected(header);
            var users = new List<Registration>(count);
            for (var i = 0; i < count; i++)
            {
                var line = await ReceiveAsync(token);
                if (!TryEntry(line.Fields, out var registration) || line.ErrorCode is not null)
                    throw Unexpected(line);
                users.Add(registration);
            }
            return (null, users);
        }, cancellationToken);
        return refused is null ? users : throw Unexpected(refused);
    }

    /// <summary>Sends PING and returns the round-trip time.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var reply = await RequestAsync("PING", cancellationToken);
        if (!reply.IsPong)
            throw Unexpected(reply);
        return _time.GetElapsedTime(started);
    }

    /// <summary>Removes the registration; the server then closes the connection. False when this connection does not own it.</summary>
    public async Task<bool> DisconnectAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync($"DISCONNECT {name}", cancellationToken);
        if (reply.IsOk && reply.Fields is ["BYE"])
            return true;
        if (reply.ErrorCode == RegistryErrorCode.NotOwner)
            return false;
        throw Unexpected(reply);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _keepAlive.DisposeAsync();
        _reader.Dispose();
        await _stream.DisposeAsync();
    }

    private Task<RegistryReplyLine> RequestAsync(string line, CancellationToken cancellationToken) =>
        ExchangeAsync(line, ReceiveAsync, cancellationToken);

    /// <summary>
    /// Sends one request and reads its reply, alone on the connection. A request that times out or is cancelled
    /// leaves its reply in flight, so the connection is closed rather than read out of step.
    /// </summary>
    private async Task<T> ExchangeAsync<T>(string line, Func<CancellationToken, Task<T>> receive, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            if (_broken is not null)
                throw new RegistryUnavailableException(_broken);
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await SendAsync(line, linked.Token);
                return await receive(linked.Token);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Break(new RegistryUnavailableException(
                    $"the registry at {Server} did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s", ex));
            }
            catch (OperationCanceledException)
            {
                Break(new RegistryUnavailableException("a registry request was cancelled"));
                throw;
            }
            catch (RegistryUnavailableException ex)
            {
                throw Break(ex);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private RegistryUnavailableException Break(RegistryUnavailableException ex)
    {
        _broken ??= ex.Message;
        _socket.Close();
        return ex;
    }

    private async Task SendAsync(string line, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);
        }
        catch (IOException ex)
        {
            throw Lost(ex);
        }
    }

    private async Task<RegistryReplyLine> ReceiveAsync(CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await _reader.ReadLineAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw Lost(ex);
        }
        return line is null
            ? throw new RegistryUnavailableException($"the registry at {Server} closed the connection")
            : RegistryReplyLine.Parse(line);
    }

    private async Task KeepAliveAsync()
    {
        if (_oneAtATime.CurrentCount == 0)
            return;
        try
        {
            await PingAsync();
        }
        catch (Exception)
        {
            // A failed keepalive shows up as an error on the next request; issue-level reconnection lives above.
        }
    }

    private RegistryUnavailableException Lost(Exception ex) =>
        new($"lost the connection to the registry at {Server}: {(ex.InnerException as SocketException)?.SocketErrorCode.ToString() ?? ex.Message}", ex);

    private Exception Unexpected(RegistryReplyLine reply) => reply.ErrorCode switch
    {
        // The server is up but its shared store is not: the connection stays usable and a later request may succeed.
        RegistryErrorCode.Unavailable => new RegistryUnavailableException($"the registry at {Server} is unavailable: {reply.Detail}"),
        RegistryErrorCode.BadRequest => new RegistryProtocolException($"the registry refused the request: {reply.Detail}"),
        _ => new RegistryProtocolException($"unexpected reply from the registry at {Server}: {reply.Text}"),
    };

    private static bool TryEntry(IReadOnlyList<string> fields, out Registration registration)
    {
        registration = null!;
        if (fields.Count != 3
            || !AddressText.TryParseAddress(fields[1], out var address)
            || !AddressText.TryParsePort(Encoding.UTF8.GetBytes(fields[2]), out var port))
            return false;
        registration = new Registration(fields[0], address, port);
        return true;
    }

    private static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (is `sala server` running there?)",
        SocketError.HostNotFound or SocketError.NoData => "unknown host",
        SocketError.TimedOut => "timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to the host",
        _ => ex.Message,
    };
}
