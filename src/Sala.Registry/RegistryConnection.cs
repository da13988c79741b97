using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// One client connection: reads lines, answers each in order, and owns the names it registered, which are released
/// when it closes for whatever reason.
/// </summary>
internal sealed class RegistryConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly RegistrationOwner _owner;
    private readonly IRegistryStore _store;
    private readonly TimeProvider _time;
    private readonly IRegistryLog _log;
    private readonly RegistryRequestHandler _handler;
    private readonly CancellationTokenSource _closing = new();
    private long _lastRequestTimestamp;
    private string _closeReason = "connection closed by client";

    public RegistryConnection(Socket socket, RegistrationOwner owner, IRegistryStore store, TimeProvider time, IRegistryLog log)
    {
        _socket = socket;
        _owner = owner;
        _store = store;
        _time = time;
        _log = log;
        _handler = new RegistryRequestHandler(store, owner);
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
        _lastRequestTimestamp = time.GetTimestamp();
    }

    public string Remote { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(CancellationToken serverStopping)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _closing.Token);
        Completion = Task.Run(async () =>
        {
            using (linked)
                await RunAsync(linked.Token);
        }, CancellationToken.None);
    }

    public TimeSpan IdleFor() => _time.GetElapsedTime(Interlocked.Read(ref _lastRequestTimestamp));

    public void Close(string reason)
    {
        _closeReason = reason;
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public void Dispose() => _closing.Dispose();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var stream = new NetworkStream(_socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        try
        {
            await ServeAsync(reader, writer, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            _closeReason = "connection lost";
        }
        finally
        {
            await ReleaseNamesAsync();
            await reader.CompleteAsync();
            await writer.CompleteAsync();
            await stream.DisposeAsync();
            Dispose();
            if (_log.IsEnabled)
                _log.Write($"{Remote} disconnected (#{_owner.ConnectionId}): {_closeReason}");
        }
    }

    private async Task ServeAsync(PipeReader reader, PipeWriter writer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            var close = false;
            while (!close)
            {
                var status = RegistryLineFramer.TryReadLine(ref buffer, out var line);
                if (status == LineStatus.NeedMoreData)
                    break;
                if (status == LineStatus.TooLong)
                {
                    RegistryReplyWriter.Error(writer, RegistryErrorCode.BadRequest,
                        $"line longer than {RegistryLineFramer.MaxLineBytes} bytes");
                    _closeReason = "line too long";
                    close = true;
                    break;
                }
                Interlocked.Exchange(ref _lastRequestTimestamp, _time.GetTimestamp());
                close = await HandleLineAsync(line, writer, cancellationToken);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            await writer.FlushAsync(cancellationToken);
            if (close || read.IsCompleted)
                return;
        }
    }

    private async ValueTask<bool> HandleLineAsync(ReadOnlySequence<byte> line, PipeWriter writer, CancellationToken cancellationToken)
    {
        var parsed = Parse(line);
        var outcome = await _handler.HandleAsync(parsed, writer, cancellationToken);
        if (_log.IsEnabled)
            _log.Write($"{Remote} {outcome.Summary}");
        if (outcome.CloseAfterReply)
            _closeReason = "disconnected by request";
        return outcome.CloseAfterReply;
    }

    private static RegistryParseResult Parse(ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
            return RegistryRequestParser.Parse(line.FirstSpan);
        Span<byte> copy = stackalloc byte[RegistryLineFramer.MaxLineBytes];
        line.CopyTo(copy);
        return RegistryRequestParser.Parse(copy[..(int)line.Length]);
    }

    private async Task ReleaseNamesAsync()
    {
        foreach (var name in _handler.OwnedNames)
        {
            try
            {
                await _store.RemoveIfOwnerAsync(name, _owner, CancellationToken.None);
                if (_log.IsEnabled)
                    _log.Write($"{Remote} released {name}");
            }
            catch (Exception ex)
            {
                _log.Write($"{Remote} could not release {name}: {ex.Message}");
            }
        }
    }
}
